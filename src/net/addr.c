/* Name resolution (blocking, isolated here) and address printing. */
#include "net/addr.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int moldau__addrs_add(moldau__addrs_t *l, const struct sockaddr *sa, socklen_t len)
{
    if (len > sizeof(struct sockaddr_storage))
        return -1;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        moldau__addr_t *v = realloc(l->v, (size_t)cap * sizeof(*v));
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    memset(&l->v[l->n].ss, 0, sizeof(l->v[l->n].ss));
    memcpy(&l->v[l->n].ss, sa, len);
    l->v[l->n].len = len;
    l->n++;
    return 0;
}

void moldau__addrs_free(moldau__addrs_t *l)
{
    free(l->v);
    memset(l, 0, sizeof(*l));
}

moldau_err_t moldau__addr_resolve(void *opaque, const char *host, int port, int family,
                                  moldau__addrs_t *out, char *errstr, size_t errstr_size)
{
    (void)opaque;
    char service[16];
    snprintf(service, sizeof(service), "%d", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        snprintf(errstr, errstr_size, "cannot resolve %s: %s", host, gai_strerror(rc));
        return rc == EAI_MEMORY ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__RESOLVE;
    }
    moldau_err_t err = MOLDAU_ERR_NONE;
    for (struct addrinfo *ai = res; ai && !err; ai = ai->ai_next)
        if (moldau__addrs_add(out, ai->ai_addr, ai->ai_addrlen) < 0) {
            snprintf(errstr, errstr_size, "out of memory resolving %s", host);
            err = MOLDAU_ERR__NO_MEMORY;
        }
    freeaddrinfo(res);
    if (!err && out->n == 0) {
        snprintf(errstr, errstr_size, "cannot resolve %s: no address", host);
        err = MOLDAU_ERR__RESOLVE;
    }
    return err;
}

const char *moldau__addr_str(const struct sockaddr *sa, char *buf, size_t size)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
        snprintf(buf, size, "[%s]:%u", ip, ntohs(s6->sin6_port));
    } else if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
        snprintf(buf, size, "%s:%u", ip, ntohs(s4->sin_port));
    } else {
        snprintf(buf, size, "(address family %d)", sa->sa_family);
    }
    return buf;
}
