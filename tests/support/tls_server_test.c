/* A TLS server thread for tests; see tls_server_test.h. */
#include "tls_server_test.h"

#include <stddef.h>
#include <stdio.h>

#if MOLDAU_WITH_TLS

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

struct test_tls_server {
    int fd, port;
    SSL_CTX *ctx;
    pthread_t thread;
    atomic_int stop, accepted;
};

static void *serve(void *arg)
{
    test_tls_server_t *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {.fd = s->fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            continue;
        atomic_fetch_add(&s->accepted, 1);
        struct timeval tv = {2, 0}; /* a client that stalls cannot hold the thread */
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        SSL *ssl = SSL_new(s->ctx);
        if (ssl && SSL_set_fd(ssl, c) == 1)
            SSL_accept(ssl); /* whatever the client decides */
        SSL_free(ssl);
        ERR_clear_error();
        close(c);
    }
    return NULL;
}

test_tls_server_t *test_tls_server_start(const char *cert_file, const char *key_file)
{
    test_tls_server_t *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->fd = -1;
    if (!(s->ctx = SSL_CTX_new(TLS_server_method())) ||
        SSL_CTX_use_certificate_chain_file(s->ctx, cert_file) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "tls server: cannot use %s / %s\n", cert_file, key_file);
        goto fail;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    if ((s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        bind(s->fd, (struct sockaddr *)&sa, len) < 0 || listen(s->fd, 16) < 0 ||
        getsockname(s->fd, (struct sockaddr *)&sa, &len) < 0) {
        perror("tls server: listen");
        goto fail;
    }
    s->port = ntohs(sa.sin_port);
    if (pthread_create(&s->thread, NULL, serve, s) != 0)
        goto fail;
    return s;
fail:
    if (s->fd >= 0)
        close(s->fd);
    SSL_CTX_free(s->ctx);
    free(s);
    return NULL;
}

int test_tls_server_port(const test_tls_server_t *s) { return s->port; }
int test_tls_server_accepted(const test_tls_server_t *s) { return atomic_load(&s->accepted); }

void test_tls_server_stop(test_tls_server_t *s)
{
    if (!s)
        return;
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    close(s->fd);
    SSL_CTX_free(s->ctx);
    free(s);
}

#else

test_tls_server_t *test_tls_server_start(const char *cert_file, const char *key_file)
{
    (void)cert_file, (void)key_file;
    fprintf(stderr, "tls server: this build has no TLS\n");
    return NULL;
}
int test_tls_server_port(const test_tls_server_t *s)
{
    (void)s;
    return -1;
}
int test_tls_server_accepted(const test_tls_server_t *s)
{
    (void)s;
    return 0;
}
void test_tls_server_stop(test_tls_server_t *s) { (void)s; }

#endif
