/* Name resolution (blocking, isolated here), address printing, "host:port" parsing. */
#include "net/addr.h"

#include <arpa/inet.h>
#include <ctype.h>
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

/* ---- "host:port" lists ------------------------------------------------------------------- */

int moldau__addr_parse(const char *s, size_t len, char *host, size_t host_size, int *port)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    const char *end = s + len, *h = s, *hend, *p = NULL;
    if (len && *s == '[') {
        h = s + 1;
        hend = memchr(h, ']', len - 1);
        if (!hend)
            return -1;
        if (hend + 1 < end) {
            if (hend[1] != ':')
                return -1;
            p = hend + 2;
        }
    } else {
        hend = memchr(s, ':', len);
        if (hend) {
            if (memchr(hend + 1, ':', (size_t)(end - hend - 1)))
                return -1; /* an IPv6 address needs brackets to carry a port */
            p = hend + 1;
        } else {
            hend = end;
        }
    }
    if (hend == h || (size_t)(hend - h) >= host_size)
        return -1;
    long v = 9092;
    if (p) {
        if (p == end || end - p > 5)
            return -1;
        v = 0;
        for (const char *q = p; q < end; q++) {
            if (!isdigit((unsigned char)*q))
                return -1;
            v = v * 10 + (*q - '0');
        }
    }
    if (v < 1 || v > 65535)
        return -1;
    memcpy(host, h, (size_t)(hend - h));
    host[hend - h] = 0;
    *port = (int)v;
    return 0;
}

int moldau__addr_list_next(const char **s, const char **entry, size_t *len)
{
    while (**s) {
        const char *comma = strchr(*s, ',');
        size_t n = comma ? (size_t)(comma - *s) : strlen(*s);
        const char *e = *s;
        *s += n + (comma ? 1 : 0);
        for (size_t i = 0; i < n; i++) {
            if (!isspace((unsigned char)e[i])) {
                *entry = e;
                *len = n;
                return 1;
            }
        }
    }
    return 0;
}
