/*
 * moldau — errors.
 *
 * One enum for every error moldau reports. Kafka's own error codes keep their protocol numbers
 * (0 = no error, UNKNOWN_SERVER_ERROR = -1, then 1 and up). Errors that arise inside the client
 * (timeouts, full queues, bad configuration, malformed responses, transport failures) are
 * negative and start at -100 so they can never collide with Kafka's. Local names carry a double
 * underscore (MOLDAU_ERR__TIMED_OUT) as librdkafka's do, so a reader sees at once that the
 * broker never sent them.
 */
#ifndef MOLDAU_ERROR_H
#define MOLDAU_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum moldau_err {
    /* Local errors (never on the wire). */
    MOLDAU_ERR__BAD_MSG = -100,           /* a broker response or record set is malformed */
    MOLDAU_ERR__NO_MEMORY = -101,         /* an allocation failed */
    MOLDAU_ERR__INVALID_ARG = -102,       /* an argument cannot be represented or is out of range */
    MOLDAU_ERR__UNSUPPORTED_VERSION = -103, /* moldau has no codec for this API version */
    MOLDAU_ERR__BAD_COMPRESSION = -104,   /* unknown codec, or compressed data is corrupt */
    MOLDAU_ERR__TOO_LARGE = -105,         /* a size limit was exceeded (e.g. decompressed batch) */
    MOLDAU_ERR__CRC = -106,               /* a checksum did not match */
    MOLDAU_ERR__TRANSPORT = -107,         /* the connection failed or was closed */
    MOLDAU_ERR__TIMED_OUT = -108,         /* a local deadline passed */
    MOLDAU_ERR__QUEUE_FULL = -109,        /* a bounded queue or buffer is full */
    MOLDAU_ERR__BAD_CONF = -110,          /* a configuration property is unknown or invalid */
    MOLDAU_ERR__MSG_TIMED_OUT = -111,     /* a record was not delivered within delivery.timeout.ms */
    MOLDAU_ERR__DESTROYED = -112,         /* the handle was closed before the operation ended */
    MOLDAU_ERR__UNKNOWN_PARTITION = -113, /* the partition does not exist in the topic */
    MOLDAU_ERR__STATE = -114,             /* the operation is not valid in the current state */
    MOLDAU_ERR__PARTIAL = -115,           /* a record set ended with a partial batch (normal in Fetch) */
    MOLDAU_ERR__RESOLVE = -116,           /* a host name could not be resolved */
    MOLDAU_ERR__ALL_BROKERS_DOWN = -117,  /* no broker of the cluster could be reached */
    MOLDAU_ERR__UNSUPPORTED_FEATURE = -118, /* the broker does not support what was asked */
    MOLDAU_ERR__LOCAL_FIRST = -118,       /* lowest local code; keep in step with the last above */

    /* Kafka's error codes (org.apache.kafka.common.protocol.Errors). */
    MOLDAU_ERR_UNKNOWN_SERVER_ERROR = -1,
    MOLDAU_ERR_NONE = 0,
    MOLDAU_ERR_OFFSET_OUT_OF_RANGE = 1,
    MOLDAU_ERR_CORRUPT_MESSAGE = 2,
    MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION = 3,
    MOLDAU_ERR_INVALID_FETCH_SIZE = 4,
    MOLDAU_ERR_LEADER_NOT_AVAILABLE = 5,
    MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER = 6,
    MOLDAU_ERR_REQUEST_TIMED_OUT = 7,
    MOLDAU_ERR_MESSAGE_TOO_LARGE = 10,
    MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS = 14,
    MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE = 15,
    MOLDAU_ERR_NOT_COORDINATOR = 16,
    MOLDAU_ERR_ILLEGAL_GENERATION = 22,
    MOLDAU_ERR_UNKNOWN_MEMBER_ID = 25,
    MOLDAU_ERR_REBALANCE_IN_PROGRESS = 27,
    MOLDAU_ERR_UNSUPPORTED_VERSION = 35,
    MOLDAU_ERR_TOPIC_ALREADY_EXISTS = 36,
    MOLDAU_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER = 45,
    MOLDAU_ERR_DUPLICATE_SEQUENCE_NUMBER = 46,
    MOLDAU_ERR_INVALID_PRODUCER_EPOCH = 47,
    MOLDAU_ERR_UNKNOWN_PRODUCER_ID = 59,
    MOLDAU_ERR_MEMBER_ID_REQUIRED = 79,
    MOLDAU_ERR__KAFKA_LAST = 79            /* highest Kafka code in the table; see error.c */
} moldau_err_t;

/* The constant's name without the prefix, e.g. "NOT_LEADER_OR_FOLLOWER" or "_TIMED_OUT".
 * Never NULL: a code moldau does not know gives "UNKNOWN_ERROR_CODE". */
const char *moldau_err_name(moldau_err_t err);

/* One sentence describing the error. Never NULL. */
const char *moldau_err_str(moldau_err_t err);

/* Non-zero when Kafka marks the error retriable (or, for local errors, when retrying the same
 * request may succeed: transport failures, timeouts). */
int moldau_err_is_retriable(moldau_err_t err);

#ifdef __cplusplus
}
#endif
#endif
