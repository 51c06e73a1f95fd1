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
#include "moldau/version.h"

#endif
