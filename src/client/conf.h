/* Internal view of the configuration: typed, indexed access for the client's own code. */
#ifndef MOLDAU_CLIENT_CONF_H
#define MOLDAU_CLIENT_CONF_H

#include <stdint.h>

#include "client/conf_props.h"
#include "moldau/conf.h"
#include "moldau/oauthbearer.h"

typedef enum moldau__conf_id {
#define MOLDAU__CONF_ENUM(id, ...) MOLDAU__CONF_##id,
    MOLDAU__CONF_PROPS(MOLDAU__CONF_ENUM)
#undef MOLDAU__CONF_ENUM
    MOLDAU__CONF_COUNT
} moldau__conf_id_t;

/* A callback of one kind of client (producer, consumer, admin), stored without its type so that
 * this header needs none of their headers: each kind's public setter (e.g. the producer's
 * moldau_conf_set_delivery_cb, in src/producer/conf_cbs.c) stores its typed pointer cast to
 * this, and the client casts it back to the same type before calling it. void (*)(void) is
 * the type C compilers accept as "any function". */
typedef void(moldau__conf_fn)(void);

/* The application's callbacks and their opaque, as set on the configuration. */
typedef struct moldau__conf_cbs {
    moldau_log_cb *log;
    moldau_error_cb *error;
    moldau__conf_fn *delivery;    /* producer: moldau_delivery_cb, for records produced without
                                   * a callback */
    moldau__conf_fn *partitioner; /* producer: moldau_partitioner_cb, partitioner=custom */
    moldau__conf_fn *rebalance;   /* consumer: moldau_rebalance_cb */
    moldau__conf_fn *offset_commit; /* consumer: moldau_offset_commit_cb */
    moldau_oauthbearer_token_refresh_cb *oauthbearer_refresh;
    void *opaque;
} moldau__conf_cbs_t;

const moldau__conf_cbs_t *moldau__conf_cbs(const moldau_conf_t *conf);
/* The same, writable: for the typed setters of each kind of client. */
moldau__conf_cbs_t *moldau__conf_cbs_rw(moldau_conf_t *conf);

/* The value as text (never NULL; the default when not set). Valid until the property is set
 * again or the configuration destroyed. */
const char *moldau__conf_str(const moldau_conf_t *conf, moldau__conf_id_t id);
/* T_INT and T_BOOL values (bool: 1/0); enums give the index of the value in their list. */
int64_t moldau__conf_int(const moldau_conf_t *conf, moldau__conf_id_t id);
/* Non-zero when the application set the property (as opposed to the default). */
int moldau__conf_is_set(const moldau_conf_t *conf, moldau__conf_id_t id);

/* Enum values in list order, for callers that compare against moldau__conf_int(). */
enum { MOLDAU__RECOVERY_NONE = 0, MOLDAU__RECOVERY_REBOOTSTRAP };
enum { MOLDAU__SECURITY_PLAINTEXT = 0, MOLDAU__SECURITY_SSL, MOLDAU__SECURITY_SASL_PLAINTEXT,
       MOLDAU__SECURITY_SASL_SSL };
enum { MOLDAU__SASL_MECH_GSSAPI = 0, MOLDAU__SASL_MECH_PLAIN, MOLDAU__SASL_MECH_SCRAM_SHA_256,
       MOLDAU__SASL_MECH_SCRAM_SHA_512, MOLDAU__SASL_MECH_OAUTHBEARER };
enum { MOLDAU__ACKS_ALL = 0, MOLDAU__ACKS_ALL_NUM, MOLDAU__ACKS_0, MOLDAU__ACKS_1 };
enum { MOLDAU__COMPRESSION_NONE = 0, MOLDAU__COMPRESSION_GZIP, MOLDAU__COMPRESSION_SNAPPY,
       MOLDAU__COMPRESSION_LZ4, MOLDAU__COMPRESSION_ZSTD };
enum { MOLDAU__PARTITIONER_DEFAULT = 0, MOLDAU__PARTITIONER_MURMUR2_RANDOM,
       MOLDAU__PARTITIONER_CONSISTENT_RANDOM, MOLDAU__PARTITIONER_RANDOM,
       MOLDAU__PARTITIONER_ROUND_ROBIN, MOLDAU__PARTITIONER_CUSTOM };
enum { MOLDAU__OFFSET_RESET_EARLIEST = 0, MOLDAU__OFFSET_RESET_LATEST,
       MOLDAU__OFFSET_RESET_NONE };

#endif
