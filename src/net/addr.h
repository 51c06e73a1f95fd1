/* Broker addresses: name resolution, printing, and the "host:port" lists of bootstrap.servers. */
#ifndef MOLDAU_NET_ADDR_H
#define MOLDAU_NET_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "moldau/error.h"

typedef struct moldau__addr {
    struct sockaddr_storage ss;
    socklen_t len;
} moldau__addr_t;

/* The addresses a name resolves to, in the order they are to be tried. */
typedef struct moldau__addrs {
    moldau__addr_t *v;
    int n, cap;
} moldau__addrs_t;

/* Appends a copy of sa. Returns 0, or -1 when out of memory (or len is too large). */
int moldau__addrs_add(moldau__addrs_t *l, const struct sockaddr *sa, socklen_t len);
void moldau__addrs_free(moldau__addrs_t *l);

/* A resolver: fills *out (empty on entry) with TCP addresses for host:port, or returns
 * MOLDAU_ERR__RESOLVE (or MOLDAU_ERR__NO_MEMORY) with a reason in errstr. family is
 * AF_UNSPEC, AF_INET or AF_INET6. Connections take one in their options (as librdkafka's
 * resolve_cb), so a client or a test can supply its own; it runs on a helper thread. */
typedef moldau_err_t (*moldau__resolve_fn)(void *opaque, const char *host, int port, int family,
                                           moldau__addrs_t *out, char *errstr,
                                           size_t errstr_size);

/* The default resolver: getaddrinfo, every address in the order it returns them (IPv4 and
 * IPv6 with AF_UNSPEC). opaque is unused. It blocks, so connections run it on a helper thread
 * (net/lookup.h); only numeric addresses, which need no DNS, are resolved inline. */
moldau_err_t moldau__addr_resolve(void *opaque, const char *host, int port, int family,
                                  moldau__addrs_t *out, char *errstr, size_t errstr_size);

/* "192.0.2.1:9092" or "[2001:db8::1]:9092" into buf; returns buf. */
const char *moldau__addr_str(const struct sockaddr *sa, char *buf, size_t size);

/* Parses one entry of a list ("host:port", "[v6]:port", "host" for port 9092; an IPv6 address
 * without brackets is refused), surrounding blanks ignored, into host (NUL-terminated) and
 * *port. Returns 0 or -1. */
int moldau__addr_parse(const char *s, size_t len, char *host, size_t host_size, int *port);

/* Walks a comma-separated list, skipping blank entries: sets *entry and *len to the next one
 * and moves *s past it, returning 1; 0 at the end. */
int moldau__addr_list_next(const char **s, const char **entry, size_t *len);

#endif
