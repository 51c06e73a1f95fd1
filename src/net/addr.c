/* Name resolution (blocking, isolated here) and address printing. */
#include "net/addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

moldau_err_t moldau__addr_resolve(const char *host, int port, int family, struct addrinfo **out,
                                  char *errstr, size_t errstr_size)
{
    char service[16];
    snprintf(service, sizeof(service), "%d", port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    /* AI_ADDRCONFIG: no IPv6 addresses on a host without IPv6, which would only fail later. */
    hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
    *out = NULL;
    int rc = getaddrinfo(host, service, &hints, out);
    if (rc == EAI_NONAME || rc == EAI_ADDRFAMILY) {
        /* AI_ADDRCONFIG hides loopback names on a host whose only interface is loopback. */
        hints.ai_flags = AI_NUMERICSERV;
        rc = getaddrinfo(host, service, &hints, out);
    }
    if (rc != 0) {
        snprintf(errstr, errstr_size, "cannot resolve %s:%d: %s", host, port, gai_strerror(rc));
        *out = NULL;
        return rc == EAI_MEMORY ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__RESOLVE;
    }
    return MOLDAU_ERR_NONE;
}

void moldau__addr_free(struct addrinfo *list)
{
    if (list)
        freeaddrinfo(list);
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
