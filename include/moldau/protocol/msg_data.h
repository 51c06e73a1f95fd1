/*
 * moldau codec: the data-plane APIs (ApiVersions, Metadata, Produce, Fetch, ListOffsets).
 * Included by moldau/protocol.h; the conventions (strings, bytes, arrays, arenas, defaults) are
 * stated there.
 *
 * Rules shared by these codecs:
 *  - Request fields that a version does not carry are not written (as the Java client does for
 *    "ignorable" fields); nothing is rejected for them. A NULL string or null array where the
 *    version has no null, an array with n_x > 0 and a NULL pointer, or a string longer than
 *    32767 bytes is MOLDAU_ERR__INVALID_ARG (and nothing is appended to the writer).
 *  - Requests write a tag section with only the tagged fields that differ from their defaults.
 *  - Decoders reject a null where the schema has none (MOLDAU_ERR__BAD_MSG), skip unknown tags,
 *    and fill fields absent from the version (and absent tagged fields) with the schema's
 *    defaults. A tagged array that is absent decodes as empty (NULL, count 0).
 *  - Zero is not every field's default: the *_init functions below set the defaults a client
 *    wants (replica ids -1, leader epochs -1, ...) so a caller only fills in what it means.
 */
#ifndef MOLDAU_PROTOCOL_MSG_DATA_H
#define MOLDAU_PROTOCOL_MSG_DATA_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Shared by the Produce (v10+) and Fetch (v12+/v16+) responses (KIP-951): where a partition's
 * leader moved, so the client can retry at once without a Metadata round trip. */
typedef struct moldau_leader_id_and_epoch {
    int32_t leader_id;    /* -1 = unknown (also when the tagged field is absent) */
    int32_t leader_epoch; /* -1 = unknown */
} moldau_leader_id_and_epoch_t;

typedef struct moldau_node_endpoint {
    int32_t node_id;
    const char *host;
    int32_t port;
    const char *rack; /* NULL = none */
} moldau_node_endpoint_t;

#ifdef __cplusplus
}
#endif

#include "moldau/protocol/msg_api_versions.h"
#include "moldau/protocol/msg_metadata.h"
#include "moldau/protocol/msg_produce.h"
#include "moldau/protocol/msg_fetch.h"
#include "moldau/protocol/msg_list_offsets.h"

#endif
