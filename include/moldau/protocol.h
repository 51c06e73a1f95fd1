/*
 * moldau — the public Kafka protocol codec.
 *
 * Pure code: bytes in, structs out; structs in, bytes out. No sockets, clocks, threads or global
 * state, so users can build conformance tools on it. moldau.h does not include it: include it
 * yourself, and link libmoldau as for the rest.
 *
 * Stability: the codec's API follows Kafka's message schemas, not moldau's own release rules.
 * Its structs grow when Kafka adds fields (and a new moldau may speak a version more), so it
 * is NOT ABI-stable, and its source API may change, across minor versions of moldau (and,
 * before 1.0, across any two versions). A program built on it should pin moldau's version
 * (MOLDAU_VERSION in moldau/version.h) and be rebuilt with each new one. moldau.h's API
 * (client, producer, configuration, errors) is the one meant to stay stable, and needs none
 * of this.
 *
 * Conventions shared by every message codec (include/moldau/protocol/ *.h):
 *  - Requests are encoded with  moldau_<api>_request_encode(w, version, req)  into a growing
 *    writer; responses are decoded with  moldau_<api>_response_decode(r, version, arena, out).
 *    Both return MOLDAU_ERR_NONE or an error; neither writes the size prefix or the header (see
 *    moldau_frame_* and moldau_*_header_*).
 *  - Strings are NUL-terminated `const char *`; NULL is the protocol's null string. Decoded
 *    strings are copied into the arena.
 *  - Byte fields (bytes, records) are moldau_bytes_t; len -1 is null. Decoded byte fields are
 *    views into the input buffer, which must outlive the decoded struct (no copy of records).
 *  - Arrays are a pointer plus an int32 count named n_<field>; a count of -1 is a null array.
 *    Decoded arrays live in the arena.
 *  - Fields absent from the version being decoded are set to the schema's default.
 *  - Ownership: everything a decoder returns lives in its arena and the input buffer; free the
 *    arena with moldau_arena_free() to release all of it at once.
 */
#ifndef MOLDAU_PROTOCOL_H
#define MOLDAU_PROTOCOL_H

#include "moldau/error.h"
#include "moldau/protocol/core.h"
#include "moldau/protocol/compress.h"
#include "moldau/protocol/records.h"
#include "moldau/protocol/msg_data.h"
#include "moldau/protocol/msg_group.h"
#include "moldau/protocol/msg_admin.h"
#include "moldau/protocol/msg_consumer.h"
#include "moldau/protocol/msg_txn.h"
#include "moldau/protocol/msg_share.h"
#include "moldau/protocol/msg_cluster.h"
#include "moldau/protocol/msg_admin_ext.h"

#endif
