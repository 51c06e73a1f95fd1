/*
 * moldau codec: admin, transaction-setup and SASL messages. Included by moldau/protocol.h.
 *
 *   InitProducerId 0-5, CreateTopics 2-7, DeleteTopics 1-6, CreatePartitions 0-3,
 *   DescribeGroups 0-6, ListGroups 0-5, DescribeConfigs 1-4, SaslHandshake 0-1,
 *   SaslAuthenticate 0-2.
 *
 * The conventions of moldau/protocol.h apply. In addition, for every encoder here:
 *  - A non-nullable string that is NULL, a non-nullable array whose count is -1, or an array
 *    with a positive count and a NULL pointer gives MOLDAU_ERR__INVALID_ARG.
 *  - A field that the version cannot carry must hold its schema default unless the schema marks
 *    it ignorable; otherwise the encoder gives MOLDAU_ERR__INVALID_ARG rather than silently
 *    changing the request's meaning (e.g. InitProducerId ProducerId before v3). Ignorable fields
 *    are dropped.
 *  - On any error the writer is left as it was before the call.
 * Every request pointer is only read during the call; the caller keeps ownership.
 *
 * Decoders reject a null where the version does not allow one (MOLDAU_ERR__BAD_MSG). Decoded
 * strings, arrays and structs live in the arena; bytes fields are views into the input.
 */
#ifndef MOLDAU_PROTOCOL_MSG_ADMIN_H
#define MOLDAU_PROTOCOL_MSG_ADMIN_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- InitProducerId (key 22) ------------------------------------------------------------ */

typedef struct moldau_init_producer_id_request {
    const char *transactional_id;   /* nullable: NULL for an idempotent-only producer */
    int32_t transaction_timeout_ms;
    int64_t producer_id;            /* v3+; must be -1 below v3 */
    int16_t producer_epoch;         /* v3+; must be -1 below v3 */
} moldau_init_producer_id_request_t;

/* The schema defaults: no transactional id, no current producer id or epoch. */
#define MOLDAU_INIT_PRODUCER_ID_REQUEST_INIT                                                      \
    ((moldau_init_producer_id_request_t){NULL, 0, -1, -1})

typedef struct moldau_init_producer_id_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    int64_t producer_id;
    int16_t producer_epoch;
} moldau_init_producer_id_response_t;

moldau_err_t moldau_init_producer_id_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_init_producer_id_request_t *req);
moldau_err_t moldau_init_producer_id_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_init_producer_id_response_t *out);

/* ---- CreateTopics (key 19) -------------------------------------------------------------- */

typedef struct moldau_create_topics_request_assignment {
    int32_t partition_index;
    const int32_t *broker_ids;
    int32_t n_broker_ids;
} moldau_create_topics_request_assignment_t;

typedef struct moldau_create_topics_request_config {
    const char *name;
    const char *value; /* nullable */
} moldau_create_topics_request_config_t;

typedef struct moldau_create_topics_request_topic {
    const char *name;
    int32_t num_partitions;     /* -1: broker default or manual assignment */
    int16_t replication_factor; /* -1: broker default or manual assignment */
    const moldau_create_topics_request_assignment_t *assignments;
    int32_t n_assignments;
    const moldau_create_topics_request_config_t *configs;
    int32_t n_configs;
} moldau_create_topics_request_topic_t;

typedef struct moldau_create_topics_request {
    const moldau_create_topics_request_topic_t *topics;
    int32_t n_topics;
    int32_t timeout_ms; /* schema default 60000 */
    int validate_only;
} moldau_create_topics_request_t;

typedef struct moldau_create_topics_response_config {
    const char *name;
    const char *value; /* nullable */
    int read_only;
    int8_t config_source;
    int is_sensitive;
} moldau_create_topics_response_config_t;

typedef struct moldau_create_topics_response_topic {
    const char *name;
    moldau_uuid_t topic_id;           /* v7+; all zero before */
    int16_t error_code;
    const char *error_message;        /* nullable */
    int16_t topic_config_error_code;  /* tagged (tag 0), v5+; 0 when absent */
    int32_t num_partitions;           /* v5+; -1 before */
    int16_t replication_factor;       /* v5+; -1 before */
    moldau_create_topics_response_config_t *configs; /* v5+, nullable; empty before */
    int32_t n_configs;
} moldau_create_topics_response_topic_t;

typedef struct moldau_create_topics_response {
    int32_t throttle_time_ms;
    moldau_create_topics_response_topic_t *topics;
    int32_t n_topics;
} moldau_create_topics_response_t;

moldau_err_t moldau_create_topics_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_create_topics_request_t *req);
moldau_err_t moldau_create_topics_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_create_topics_response_t *out);

/* ---- DeleteTopics (key 20) -------------------------------------------------------------- */

typedef struct moldau_delete_topics_request_topic {
    const char *name;       /* nullable */
    moldau_uuid_t topic_id; /* all zero when deleting by name */
} moldau_delete_topics_request_topic_t;

typedef struct moldau_delete_topics_request {
    /* v6+: by name or id; must be empty below v6. */
    const moldau_delete_topics_request_topic_t *topics;
    int32_t n_topics;
    /* v1-5 (ignorable: dropped from v6 on). */
    const char *const *topic_names;
    int32_t n_topic_names;
    int32_t timeout_ms;
} moldau_delete_topics_request_t;

typedef struct moldau_delete_topics_response_result {
    const char *name;          /* nullable from v6 */
    moldau_uuid_t topic_id;    /* v6+; all zero before */
    int16_t error_code;
    const char *error_message; /* v5+, nullable; NULL before */
} moldau_delete_topics_response_result_t;

typedef struct moldau_delete_topics_response {
    int32_t throttle_time_ms;
    moldau_delete_topics_response_result_t *responses;
    int32_t n_responses;
} moldau_delete_topics_response_t;

moldau_err_t moldau_delete_topics_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_delete_topics_request_t *req);
moldau_err_t moldau_delete_topics_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_delete_topics_response_t *out);

/* ---- CreatePartitions (key 37) ---------------------------------------------------------- */

typedef struct moldau_create_partitions_request_assignment {
    const int32_t *broker_ids;
    int32_t n_broker_ids;
} moldau_create_partitions_request_assignment_t;

typedef struct moldau_create_partitions_request_topic {
    const char *name;
    int32_t count; /* the new total partition count */
    const moldau_create_partitions_request_assignment_t *assignments; /* nullable */
    int32_t n_assignments;
} moldau_create_partitions_request_topic_t;

typedef struct moldau_create_partitions_request {
    const moldau_create_partitions_request_topic_t *topics;
    int32_t n_topics;
    int32_t timeout_ms;
    int validate_only;
} moldau_create_partitions_request_t;

typedef struct moldau_create_partitions_response_result {
    const char *name;
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_create_partitions_response_result_t;

typedef struct moldau_create_partitions_response {
    int32_t throttle_time_ms;
    moldau_create_partitions_response_result_t *results;
    int32_t n_results;
} moldau_create_partitions_response_t;

moldau_err_t moldau_create_partitions_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_create_partitions_request_t *req);
moldau_err_t moldau_create_partitions_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_create_partitions_response_t *out);

/* ---- DescribeGroups (key 15) ------------------------------------------------------------ */

typedef struct moldau_describe_groups_request {
    const char *const *groups;
    int32_t n_groups;
    int include_authorized_operations; /* v3+; must be 0 below v3 */
} moldau_describe_groups_request_t;

typedef struct moldau_describe_groups_response_member {
    const char *member_id;
    const char *group_instance_id; /* v4+, nullable; NULL before */
    const char *client_id;
    const char *client_host;
    moldau_bytes_t member_metadata;   /* view into the input */
    moldau_bytes_t member_assignment; /* view into the input */
} moldau_describe_groups_response_member_t;

typedef struct moldau_describe_groups_response_group {
    int16_t error_code;
    const char *group_id;
    const char *group_state;
    const char *protocol_type;
    const char *protocol_data;
    moldau_describe_groups_response_member_t *members;
    int32_t n_members;
    int32_t authorized_operations; /* v3+; INT32_MIN before */
    const char *error_message;     /* v6+, NULL = none */
} moldau_describe_groups_response_group_t;

typedef struct moldau_describe_groups_response {
    int32_t throttle_time_ms; /* v1+; 0 before */
    moldau_describe_groups_response_group_t *groups;
    int32_t n_groups;
} moldau_describe_groups_response_t;

moldau_err_t moldau_describe_groups_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_describe_groups_request_t *req);
moldau_err_t moldau_describe_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_describe_groups_response_t *out);

/* ---- ListGroups (key 16) ---------------------------------------------------------------- */

typedef struct moldau_list_groups_request {
    const char *const *states_filter; /* v4+; must be empty below v4 */
    int32_t n_states_filter;
    const char *const *types_filter;  /* v5+; must be empty below v5 */
    int32_t n_types_filter;
} moldau_list_groups_request_t;

typedef struct moldau_list_groups_response_group {
    const char *group_id;
    const char *protocol_type;
    const char *group_state; /* v4+; "" before */
    const char *group_type;  /* v5+; "" before */
} moldau_list_groups_response_group_t;

typedef struct moldau_list_groups_response {
    int32_t throttle_time_ms; /* v1+; 0 before */
    int16_t error_code;
    moldau_list_groups_response_group_t *groups;
    int32_t n_groups;
} moldau_list_groups_response_t;

moldau_err_t moldau_list_groups_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_list_groups_request_t *req);
moldau_err_t moldau_list_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_list_groups_response_t *out);

/* ---- DescribeConfigs (key 32) ----------------------------------------------------------- */

typedef struct moldau_describe_configs_request_resource {
    int8_t resource_type;
    const char *resource_name;
    const char *const *configuration_keys; /* nullable: -1 lists every key */
    int32_t n_configuration_keys;
} moldau_describe_configs_request_resource_t;

typedef struct moldau_describe_configs_request {
    const moldau_describe_configs_request_resource_t *resources;
    int32_t n_resources;
    int include_synonyms;
    int include_documentation; /* v3+; must be 0 below v3 */
} moldau_describe_configs_request_t;

typedef struct moldau_describe_configs_response_synonym {
    const char *name;
    const char *value; /* nullable */
    int8_t source;
} moldau_describe_configs_response_synonym_t;

typedef struct moldau_describe_configs_response_config {
    const char *name;
    const char *value; /* nullable */
    int read_only;
    int8_t config_source;
    int is_sensitive;
    moldau_describe_configs_response_synonym_t *synonyms;
    int32_t n_synonyms;
    int8_t config_type;        /* v3+; 0 before */
    const char *documentation; /* v3+, nullable; "" before */
} moldau_describe_configs_response_config_t;

typedef struct moldau_describe_configs_response_result {
    int16_t error_code;
    const char *error_message; /* nullable */
    int8_t resource_type;
    const char *resource_name;
    moldau_describe_configs_response_config_t *configs;
    int32_t n_configs;
} moldau_describe_configs_response_result_t;

typedef struct moldau_describe_configs_response {
    int32_t throttle_time_ms;
    moldau_describe_configs_response_result_t *results;
    int32_t n_results;
} moldau_describe_configs_response_t;

moldau_err_t moldau_describe_configs_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_describe_configs_request_t *req);
moldau_err_t moldau_describe_configs_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_describe_configs_response_t *out);

/* ---- SaslHandshake (key 17, never flexible) --------------------------------------------- */

typedef struct moldau_sasl_handshake_request {
    const char *mechanism;
} moldau_sasl_handshake_request_t;

typedef struct moldau_sasl_handshake_response {
    int16_t error_code;
    const char **mechanisms;
    int32_t n_mechanisms;
} moldau_sasl_handshake_response_t;

moldau_err_t moldau_sasl_handshake_request_encode(moldau_buf_t *w, int16_t version,
                                                  const moldau_sasl_handshake_request_t *req);
moldau_err_t moldau_sasl_handshake_response_decode(moldau_reader_t *r, int16_t version,
                                                   moldau_arena_t *a,
                                                   moldau_sasl_handshake_response_t *out);

/* ---- SaslAuthenticate (key 36) ---------------------------------------------------------- */

typedef struct moldau_sasl_authenticate_request {
    moldau_bytes_t auth_bytes; /* not nullable */
} moldau_sasl_authenticate_request_t;

typedef struct moldau_sasl_authenticate_response {
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_bytes_t auth_bytes; /* view into the input */
    int64_t session_lifetime_ms; /* v1+; 0 before (and 0 = no re-authentication needed) */
} moldau_sasl_authenticate_response_t;

moldau_err_t moldau_sasl_authenticate_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_sasl_authenticate_request_t *req);
moldau_err_t moldau_sasl_authenticate_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_sasl_authenticate_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
