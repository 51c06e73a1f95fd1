/*
 * moldau — a small Kafka client library in C.
 *
 * The public API. Everything here is prefixed moldau_ / MOLDAU_. The codec is public too, in
 * moldau/protocol.h, for conformance tools built on it.
 */
#ifndef MOLDAU_H
#define MOLDAU_H

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/error.h"
#include "moldau/producer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MOLDAU_VERSION_MAJOR 0
#define MOLDAU_VERSION_MINOR 1
#define MOLDAU_VERSION_PATCH 0
#define MOLDAU_VERSION_STR "0.1.0"

/* The library's version string, e.g. "0.1.0" (may differ from the header's when linked
 * dynamically against another build). */
const char *moldau_version(void);

#ifdef __cplusplus
}
#endif
#endif
