/*
 * TLS over a connection's non-blocking socket (OpenSSL 3), for security.protocol=SSL.
 *
 * Two objects. A context (moldau__tls_ctx_t) is made once per client from the ssl.*
 * properties: trust store (or the system's CA store), client certificate and key for mutual
 * TLS, protocol versions, cipher suites, whether the broker's host name is verified. It is
 * reference-counted: each session holds one, so the client may drop its own at any time.
 * A session (moldau__tls_t) is one connection's: made once the TCP socket is connected, it
 * steps its handshake (moldau__tls_handshake) whenever the socket is ready, then reads and
 * writes with the semantics of read(2)/writev(2) on a non-blocking socket: -1 with errno
 * EAGAIN when it must wait for the socket (moldau__tls_wants says for what), -1 with errno
 * EPROTO on a TLS failure (moldau__tls_errstr says which), 0 from read at the peer's close.
 *
 * Built without TLS (make TLS=0), moldau__tls_available() is 0 and making a context fails
 * with a sentence saying so; nothing else in the library needs to know.
 */
#ifndef MOLDAU_NET_TLS_H
#define MOLDAU_NET_TLS_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

typedef struct moldau__tls_ctx moldau__tls_ctx_t;
typedef struct moldau__tls moldau__tls_t;

/* What a context is made of; every string may be NULL or "" for "not given". Files and PEM
 * text may be mixed: a location and the inline text of the same thing are both loaded. */
typedef struct moldau__tls_conf {
    const char *truststore_location; /* CA certificates: PEM file or PKCS#12 */
    const char *truststore_type;     /* "PEM" (default) or "PKCS12"; "JKS" is refused */
    const char *truststore_password; /* PKCS#12 only */
    const char *truststore_pem;      /* CA certificates as PEM text */
    const char *keystore_location;   /* client certificate (+ key): PEM file or PKCS#12 */
    const char *keystore_type;       /* "PEM" (default) or "PKCS12"; "JKS" is refused */
    const char *keystore_password;   /* PKCS#12 only */
    const char *keystore_key;        /* the client key as PEM text */
    const char *keystore_chain;      /* the client certificate chain as PEM text */
    const char *key_location;        /* the client key as a PEM file (librdkafka) */
    const char *key_password;        /* for an encrypted key */
    const char *certificate_location; /* the client certificate chain as a PEM file */
    int verify_host;                 /* ssl.endpoint.identification.algorithm=https */
    const char *enabled_protocols;   /* "TLSv1.2,TLSv1.3" */
    const char *cipher_suites;       /* OpenSSL names, comma-separated; NULL: its defaults */
} moldau__tls_conf_t;

/* 1 when the library was built with TLS. */
int moldau__tls_available(void);

/* A context, or NULL with errstr set (a sentence naming the property at fault). The
 * passwords are used while loading and not kept. */
moldau__tls_ctx_t *moldau__tls_ctx_new(const moldau__tls_conf_t *conf, char *errstr,
                                       size_t errstr_size);
void moldau__tls_ctx_ref(moldau__tls_ctx_t *ctx);
void moldau__tls_ctx_unref(moldau__tls_ctx_t *ctx); /* NULL is ignored */

/* A session over the connected socket fd for the broker `host` (the name or address it was
 * given: SNI for a name, and the name or IP address the certificate must carry when the
 * context verifies host names). NULL with errstr set when out of memory. */
moldau__tls_t *moldau__tls_new(moldau__tls_ctx_t *ctx, int fd, const char *host, char *errstr,
                               size_t errstr_size);
void moldau__tls_free(moldau__tls_t *t); /* NULL is ignored; does not close fd */

/* One step of the handshake: 0 done, -1 with errno EAGAIN (wait for moldau__tls_wants), -1
 * with errno EPROTO (failed: moldau__tls_errstr). */
int moldau__tls_handshake(moldau__tls_t *t);

enum { MOLDAU__TLS_WANT_READ = 1, MOLDAU__TLS_WANT_WRITE = 2 };
/* What the last call that returned EAGAIN waits for; 0 after a successful call. */
unsigned moldau__tls_wants(const moldau__tls_t *t);

/* Reads decrypted bytes into buf, as many as are there up to len (OpenSSL's buffered
 * records included, so that nothing decrypted waits for a socket event that never comes). */
ssize_t moldau__tls_read(moldau__tls_t *t, void *buf, size_t len);

/* Takes bytes from iov (in order) and returns how many it took: they are encrypted and
 * sent, or kept to be sent by the next call (moldau__tls_write_pending). -1 with EAGAIN when
 * bytes kept earlier could not be sent yet (nothing taken). Called with niov 0 it only sends
 * what is kept. */
ssize_t moldau__tls_writev(moldau__tls_t *t, const struct iovec *iov, int niov);
/* Bytes taken and not yet sent. */
size_t moldau__tls_write_pending(const moldau__tls_t *t);

/* The reason of the last EPROTO failure: OpenSSL's, in words (e.g. "certificate verify
 * failed: unable to get local issuer certificate"). */
const char *moldau__tls_errstr(const moldau__tls_t *t);

/* "TLSv1.3 TLS_AES_256_GCM_SHA384, kTLS send on" and the like, for the debug log. */
void moldau__tls_describe(const moldau__tls_t *t, char *out, size_t size);
/* 1 when the kernel encrypts what is sent (kTLS), 0 when OpenSSL does. */
int moldau__tls_ktls_send(const moldau__tls_t *t);

#endif
