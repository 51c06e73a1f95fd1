/*
 * Conformance descriptors: how a moldau message struct maps to the field names of Kafka's JSON
 * schemas. Test-only. The schema-driven tool (gen_cases.py) writes cases as JSON; the harness
 * (check_conformance.c) fills request structs from a case's values and compares moldau's bytes
 * with the schema's, and decodes the schema's response bytes with moldau and compares the
 * values. The descriptors carry no version logic: that stays in moldau's codec (under test) and
 * in the schemas (the truth).
 *
 * Each group of messages defines, in tests/conformance/desc_<group>.c,
 *     const conf_message_t conf_messages_<group>[] = { ..., CONF_END };
 * The harness knows the groups by name and tolerates missing ones (weak symbols).
 *
 * What the wrappers see:
 *  - requests and responses: the body only (no size prefix, no header), as the codecs do;
 *  - data payloads (ConsumerProtocolSubscription/Assignment): the whole payload, i.e. the int16
 *    version prefix and then the struct; the decoder gets the case's version as a hint;
 *  - RequestHeader/ResponseHeader: the header alone, at the header version of the case.
 * A wrapper of a header or data payload may return MOLDAU_ERR__UNSUPPORTED_VERSION for a version
 * moldau does not speak (RequestHeader v0): the harness then skips that version. For APIs the
 * range comes from moldau_api_info() instead, and UNSUPPORTED_VERSION inside it is a failure.
 * Every non-tagged field of the schema at a version moldau supports must be described; tagged
 * fields may be (then they are checked too).
 */
#ifndef MOLDAU_TEST_CONF_DESC_H
#define MOLDAU_TEST_CONF_DESC_H

#include <stddef.h>

#include "moldau/protocol.h"

typedef enum conf_type {
    CT_BOOL,   /* int (0/1) */
    CT_INT8,   /* int8_t */
    CT_INT16,  /* int16_t */
    CT_UINT16, /* uint16_t */
    CT_INT32,  /* int32_t */
    CT_INT64,  /* int64_t */
    CT_FLOAT64,/* double */
    CT_STRING, /* const char * (NULL = null) */
    CT_BYTES,  /* moldau_bytes_t (also "records") */
    CT_UUID,   /* moldau_uuid_t */
    CT_STRUCT, /* an embedded struct (a non-array struct field): sub describes it */
    CT_ARRAY,  /* pointer + int32 count (-1 = null); elem says the element type */
    CT_UINT32, /* uint32_t (added after the others so their values stay put) */
    CT_NSTRUCT /* a nullable struct field: a pointer to it, NULL = null; sub describes it */
} conf_type_t;

typedef struct conf_field conf_field_t;
struct conf_field {
    const char *name;          /* the schema's field name, e.g. "ThrottleTimeMs" */
    conf_type_t type;
    size_t offset;             /* of the member (for arrays: of the pointer) */
    size_t count_offset;       /* arrays: of the int32_t count */
    conf_type_t elem;          /* arrays: element type */
    size_t elem_size;          /* arrays: sizeof one element */
    const conf_field_t *sub;   /* CT_STRUCT and arrays of structs: fields, NULL-name terminated */
};

#define CONF_F(S, jname, type, member) {jname, type, offsetof(S, member), 0, 0, 0, NULL}
#define CONF_STRUCT(S, jname, member, subfields)                                                 \
    {jname, CT_STRUCT, offsetof(S, member), 0, 0, 0, subfields}
/* A nullable struct of C type ET, held by pointer (NULL = null). */
#define CONF_NSTRUCT(S, jname, member, ET, subfields)                                            \
    {jname, CT_NSTRUCT, offsetof(S, member), 0, 0, sizeof(ET), subfields}
/* An array of scalars: elem is CT_INT32, CT_STRING, ... and ET its C type. */
#define CONF_ARRAY(S, jname, member, count, elem, ET)                                             \
    {jname, CT_ARRAY, offsetof(S, member), offsetof(S, count), elem, sizeof(ET), NULL}
/* An array of structs of C type ET described by subfields. */
#define CONF_ARRAY_OF(S, jname, member, count, ET, subfields)                                     \
    {jname, CT_ARRAY, offsetof(S, member), offsetof(S, count), CT_STRUCT, sizeof(ET), subfields}
#define CONF_FIELDS_END {NULL, 0, 0, 0, 0, 0, NULL}

typedef struct conf_message {
    const char *schema;        /* the schema's name, e.g. "MetadataRequest" */
    size_t size;               /* sizeof the C struct */
    const conf_field_t *fields;
    /* Requests (and encodable data payloads) set encode; responses (and decodable payloads)
     * set decode; a payload such as ConsumerProtocolAssignment sets both. */
    moldau_err_t (*encode)(moldau_buf_t *w, int16_t version, const void *msg);
    moldau_err_t (*decode)(moldau_reader_t *r, int16_t version, moldau_arena_t *a, void *msg);
} conf_message_t;

#define CONF_END {NULL, 0, NULL, NULL, NULL}

/* The tables of shapes several messages share (desc_shapes.c), named after their structs. */
extern const conf_field_t conf_leader_fields[];               /* moldau_leader_id_and_epoch_t */
extern const conf_field_t conf_node_endpoint_fields[];        /* moldau_node_endpoint_t */
extern const conf_field_t conf_partition_error_fields[];      /* moldau_partition_error_t */
extern const conf_field_t conf_topic_id_partitions_fields[];  /* moldau_topic_id_partitions_t */
extern const conf_field_t conf_heartbeat_assignment_fields[]; /* ..._group_heartbeat_assignment_t */
extern const conf_field_t conf_describe_assignment_fields[];  /* ..._group_describe_assignment_t */
extern const conf_field_t conf_heartbeat_response_fields[];   /* ..._group_heartbeat_response_t */
extern const conf_field_t conf_group_describe_request_fields[]; /* ..._group_describe_request_t */

/* Wrappers with the generic signature around a typed encoder/decoder. */
#define CONF_ENCODER(fn, T)                                                                       \
    static moldau_err_t fn##__conf(moldau_buf_t *w, int16_t v, const void *m)                   \
    {                                                                                             \
        return fn(w, v, (const T *)m);                                                            \
    }
#define CONF_DECODER(fn, T)                                                                       \
    static moldau_err_t fn##__conf(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *m)   \
    {                                                                                             \
        return fn(r, v, a, (T *)m);                                                               \
    }

#endif
