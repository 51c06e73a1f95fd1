/* Broker addresses: name resolution and printing. */
#ifndef MOLDAU_NET_ADDR_H
#define MOLDAU_NET_ADDR_H

#include <netdb.h>
#include <stddef.h>
#include <sys/socket.h>

#include "moldau/error.h"

/* Resolves host:port to TCP addresses in the order getaddrinfo returns them (IPv4 and IPv6
 * with family AF_UNSPEC; AF_INET or AF_INET6 to restrict, as broker.address.family does).
 * On success *out is a list to free with moldau__addr_free(). On failure returns
 * MOLDAU_ERR__RESOLVE (or MOLDAU_ERR__NO_MEMORY) with a reason in errstr.
 * BLOCKS: resolution is synchronous for now; it runs on the reactor thread, so a slow DNS
 * server stalls every connection of the client meanwhile. This function is the one place to
 * change when resolution moves to a helper thread or an asynchronous resolver. */
moldau_err_t moldau__addr_resolve(const char *host, int port, int family, struct addrinfo **out,
                                  char *errstr, size_t errstr_size);
void moldau__addr_free(struct addrinfo *list);

/* "192.0.2.1:9092" or "[2001:db8::1]:9092" into buf; returns buf. */
const char *moldau__addr_str(const struct sockaddr *sa, char *buf, size_t size);

#endif
