/*
 * moldau — a small Kafka client library in C.
 *
 * The public API. Everything here is prefixed moldau_ / MOLDAU_. The codec is public too, in
 * moldau/protocol.h, for conformance tools built on it; this header does not include it (it is
 * not ABI-stable: see there).
 *
 * Freeing, one verb for each kind of thing:
 *  - handles (moldau_client_t, moldau_producer_t, moldau_consumer_t, and the admin client
 *    to come) end with moldau_<handle>_close(): it finishes or fails their work, serves the last
 *    callbacks, stops their threads and frees them. Call it once, when no other thread is
 *    inside a call on that handle any more;
 *  - plain values (moldau_conf_t, results such as moldau_client_metadata()'s) are freed with
 *    moldau_<type>_destroy(), which does nothing else.
 * Both take NULL and do nothing.
 *
 * Threads: each header says which of its calls may run concurrently (moldau/producer.h,
 * moldau/client.h, moldau/conf.h). Application callbacks run only inside the application's
 * own calls (poll, flush, close, ...), on the calling thread, never on moldau's I/O thread.
 */
#ifndef MOLDAU_H
#define MOLDAU_H

#include "moldau/admin.h"
#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/consumer.h"
#include "moldau/error.h"
#include "moldau/oauthbearer.h"
#include "moldau/producer.h"
#include "moldau/record.h"
#include "moldau/version.h"

#endif
