/* TLS sessions over non-blocking sockets with OpenSSL 3; contract in tls.h. */
#include "net/tls.h"
#include "util/errstr.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MOLDAU_WITH_TLS
#define MOLDAU_WITH_TLS 0
#endif

#if MOLDAU_WITH_TLS

#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* Bytes taken from the caller per write: a few full records, so one call fills the socket. */
#define WBUF_SIZE (64 * 1024)

struct moldau__tls_ctx {
    SSL_CTX *ssl;
    int verify_host;
    int refs; /* sessions live on the reactor thread, the client frees after them */
    pthread_mutex_t lock;
};

struct moldau__tls {
    moldau__tls_ctx_t *ctx;
    SSL *ssl;
    char *host;
    unsigned wants;
    unsigned char *wbuf; /* bytes taken and not yet sent: [woff, wlen) */
    size_t woff, wlen;
    char errstr[512];
};

int moldau__tls_available(void) { return 1; }

/* OpenSSL's reason for the latest failure, in words; clears its error queue. */
static const char *ossl_reason(char *buf, size_t size)
{
    unsigned long e, last = 0;
    while ((e = ERR_get_error()) != 0)
        last = e;
    const char *r = last ? ERR_reason_error_string(last) : NULL;
    snprintf(buf, size, "%s", r ? r : (last ? "unknown OpenSSL error" : "no reason given"));
    return buf;
}

static int given(const char *s) { return s && *s; }

/* NULL or "" is PEM; PKCS12 (any case, also "P12"); JKS refused; others unknown. */
static int store_type(const char *prop, const char *type, int *pkcs12, char *errstr,
                      size_t size)
{
    *pkcs12 = 0;
    if (!given(type) || !strcasecmp(type, "PEM"))
        return 0;
    if (!strcasecmp(type, "PKCS12") || !strcasecmp(type, "P12")) {
        *pkcs12 = 1;
        return 0;
    }
    if (!strcasecmp(type, "JKS"))
        moldau__errstr_set(errstr, size,
                "%s: JKS key stores are not supported: convert it to PKCS#12 (keytool "
                "-importkeystore -deststoretype PKCS12) or PEM",
                prop);
    else
        moldau__errstr_set(errstr, size, "%s: \"%s\" is not one of PEM, PKCS12", prop, type);
    return -1;
}

static int pem_pass_cb(char *buf, int size, int rwflag, void *u)
{
    (void)rwflag;
    const char *pw = u;
    if (!pw)
        return 0;
    size_t n = strlen(pw);
    if (n > (size_t)size)
        n = (size_t)size;
    memcpy(buf, pw, n);
    return (int)n;
}

/* The file, or else the text, to read PEM from; NULL with errstr set when it cannot open. */
static BIO *open_bio(const char *prop, const char *location, const char *text, char *errstr,
                     size_t size)
{
    BIO *bio = location ? BIO_new_file(location, "rb") : BIO_new_mem_buf(text, -1);
    if (!bio) {
        moldau__errstr_set(errstr, size, "%s: cannot open %s: %s", prop, location ? location : "its text",
                strerror(errno));
        ERR_clear_error();
    }
    return bio;
}

/* Adds every certificate of a PEM file or text to the trust store. */
static int trust_pem(SSL_CTX *ssl, const char *prop, const char *location, const char *text,
                     char *errstr, size_t size)
{
    BIO *bio = open_bio(prop, location, text, errstr, size);
    if (!bio)
        return -1;
    X509_STORE *store = SSL_CTX_get_cert_store(ssl);
    int n = 0;
    X509 *x;
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        X509_STORE_add_cert(store, x);
        X509_free(x);
        n++;
    }
    BIO_free(bio);
    ERR_clear_error(); /* the end of the input reads as an error */
    if (n == 0) {
        moldau__errstr_set(errstr, size, "%s: no PEM certificate in %s", prop,
                location ? location : "the text given");
        return -1;
    }
    return 0;
}

/* Reads a PKCS#12 file: its key, certificate and further certificates. */
static int read_pkcs12(const char *prop, const char *location, const char *password,
                       EVP_PKEY **key, X509 **cert, STACK_OF(X509) **ca, char *errstr,
                       size_t size)
{
    char why[200];
    BIO *bio = BIO_new_file(location, "rb");
    if (!bio) {
        moldau__errstr_set(errstr, size, "%s: cannot open %s: %s", prop, location, strerror(errno));
        ERR_clear_error();
        return -1;
    }
    PKCS12 *p12 = d2i_PKCS12_bio(bio, NULL);
    BIO_free(bio);
    if (!p12) {
        moldau__errstr_set(errstr, size, "%s: %s is not a PKCS#12 file: %s", prop, location,
                ossl_reason(why, sizeof(why)));
        return -1;
    }
    int ok = PKCS12_parse(p12, password ? password : "", key, cert, ca);
    PKCS12_free(p12);
    if (!ok) {
        moldau__errstr_set(errstr, size, "%s: cannot read %s (wrong password?): %s", prop, location,
                ossl_reason(why, sizeof(why)));
        return -1;
    }
    return 0;
}

static int trust_pkcs12(SSL_CTX *ssl, const moldau__tls_conf_t *c, char *errstr, size_t size)
{
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    if (read_pkcs12("ssl.truststore.location", c->truststore_location, c->truststore_password,
                    &key, &cert, &ca, errstr, size))
        return -1;
    X509_STORE *store = SSL_CTX_get_cert_store(ssl);
    int n = 0;
    if (cert && X509_STORE_add_cert(store, cert))
        n++;
    for (int i = 0; ca && i < sk_X509_num(ca); i++)
        if (X509_STORE_add_cert(store, sk_X509_value(ca, i)))
            n++;
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(ca, X509_free);
    ERR_clear_error();
    if (n == 0) {
        moldau__errstr_set(errstr, size, "ssl.truststore.location: no certificate in %s",
                c->truststore_location);
        return -1;
    }
    return 0;
}

/* The client certificate chain from PEM (file or text): the first is the leaf. */
static int use_chain_pem(SSL_CTX *ssl, const char *prop, const char *location, const char *text,
                         char *errstr, size_t size)
{
    char why[200];
    BIO *bio = open_bio(prop, location, text, errstr, size);
    if (!bio)
        return -1;
    int n = 0, rc = 0;
    X509 *x;
    while (rc == 0 && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        if (n == 0 ? !SSL_CTX_use_certificate(ssl, x) : !SSL_CTX_add1_chain_cert(ssl, x)) {
            moldau__errstr_set(errstr, size, "%s: cannot use the certificate: %s", prop,
                    ossl_reason(why, sizeof(why)));
            rc = -1;
        }
        X509_free(x);
        n++;
    }
    BIO_free(bio);
    if (rc)
        return rc;
    ERR_clear_error();
    if (n == 0) {
        moldau__errstr_set(errstr, size, "%s: no PEM certificate in %s", prop,
                location ? location : "the text given");
        return -1;
    }
    return 0;
}

/* The client's private key from PEM (file or text), maybe encrypted with password. */
static int use_key_pem(SSL_CTX *ssl, const char *prop, const char *location, const char *text,
                       const char *password, char *errstr, size_t size)
{
    char why[200];
    BIO *bio = open_bio(prop, location, text, errstr, size);
    if (!bio)
        return -1;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, pem_pass_cb, (void *)password);
    BIO_free(bio);
    if (!key) {
        moldau__errstr_set(errstr, size, "%s: cannot read a PEM private key%s: %s", prop,
                given(password) ? " (wrong ssl.key.password?)" : " (encrypted? set ssl.key.password)",
                ossl_reason(why, sizeof(why)));
        return -1;
    }
    int ok = SSL_CTX_use_PrivateKey(ssl, key);
    EVP_PKEY_free(key);
    if (!ok) {
        moldau__errstr_set(errstr, size,
                "%s: cannot use the private key (it does not match the client certificate?): "
                "%s", prop, ossl_reason(why, sizeof(why)));
        return -1;
    }
    return 0;
}

static int keystore_pkcs12(SSL_CTX *ssl, const moldau__tls_conf_t *c, char *errstr, size_t size)
{
    char why[200];
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    if (read_pkcs12("ssl.keystore.location", c->keystore_location, c->keystore_password, &key,
                    &cert, &ca, errstr, size))
        return -1;
    int rc = 0;
    if (!cert || !key) {
        moldau__errstr_set(errstr, size, "ssl.keystore.location: %s holds no %s",
                c->keystore_location, cert ? "private key" : "certificate");
        rc = -1;
    } else if (!SSL_CTX_use_certificate(ssl, cert) || !SSL_CTX_use_PrivateKey(ssl, key)) {
        moldau__errstr_set(errstr, size, "ssl.keystore.location: cannot use %s: %s", c->keystore_location,
                ossl_reason(why, sizeof(why)));
        rc = -1;
    }
    for (int i = 0; rc == 0 && ca && i < sk_X509_num(ca); i++)
        SSL_CTX_add1_chain_cert(ssl, sk_X509_value(ca, i));
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(ca, X509_free);
    return rc;
}

static int protocol_version(const char *name, size_t len)
{
    static const struct { const char *name; int v; } names[] = {
        {"TLSv1", TLS1_VERSION}, {"TLSv1.1", TLS1_1_VERSION},
        {"TLSv1.2", TLS1_2_VERSION}, {"TLSv1.3", TLS1_3_VERSION}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == len && !strncasecmp(names[i].name, name, len))
            return names[i].v;
    return 0;
}

/* ssl.enabled.protocols: the lowest and highest named bound the versions offered. */
static int set_protocols(SSL_CTX *ssl, const char *list, char *errstr, size_t size)
{
    if (!given(list))
        return 0;
    int lo = 0, hi = 0;
    for (const char *p = list; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, " ,");
        if (!len)
            break;
        int v = protocol_version(p, len);
        if (!v) {
            moldau__errstr_set(errstr, size,
                    "ssl.enabled.protocols: \"%.*s\" is not one of TLSv1.2, TLSv1.3 (or the "
                    "obsolete TLSv1, TLSv1.1)", (int)len, p);
            return -1;
        }
        if (!lo || v < lo)
            lo = v;
        if (v > hi)
            hi = v;
        p += len;
    }
    if (lo && (!SSL_CTX_set_min_proto_version(ssl, lo) ||
               !SSL_CTX_set_max_proto_version(ssl, hi))) {
        moldau__errstr_set(errstr, size, "ssl.enabled.protocols: \"%s\" is not available", list);
        return -1;
    }
    return 0;
}

/* ssl.cipher.suites: OpenSSL's names; TLS 1.3 suites (TLS_AES_*, TLS_CHACHA20_*) go to
 * SSL_CTX_set_ciphersuites, the others to the cipher list. A kind not named keeps OpenSSL's
 * defaults. */
static int set_ciphers(SSL_CTX *ssl, const char *list, char *errstr, size_t size)
{
    if (!given(list))
        return 0;
    size_t n = strlen(list) + 1;
    char *v13 = calloc(1, n), *v12 = calloc(1, n);
    int rc = 0;
    if (!v13 || !v12) {
        moldau__errstr_set(errstr, size, "ssl.cipher.suites: out of memory");
        rc = -1;
    }
    for (const char *p = list; rc == 0 && *p;) {
        p += strspn(p, " ,:");
        size_t len = strcspn(p, " ,:");
        if (!len)
            break;
        char *to = !strncmp(p, "TLS_AES_", 8) || !strncmp(p, "TLS_CHACHA20_", 13) ? v13 : v12;
        if (*to)
            strcat(to, ":");
        strncat(to, p, len);
        p += len;
    }
    char why[200];
    if (rc == 0 && *v13 && !SSL_CTX_set_ciphersuites(ssl, v13)) {
        moldau__errstr_set(errstr, size, "ssl.cipher.suites: \"%s\" is not known to OpenSSL: %s", v13,
                ossl_reason(why, sizeof(why)));
        rc = -1;
    }
    if (rc == 0 && *v12 && !SSL_CTX_set_cipher_list(ssl, v12)) {
        moldau__errstr_set(errstr, size, "ssl.cipher.suites: \"%s\" names no cipher OpenSSL knows: %s",
                v12, ossl_reason(why, sizeof(why)));
        rc = -1;
    }
    free(v13);
    free(v12);
    return rc;
}

static int load_trust(SSL_CTX *ssl, const moldau__tls_conf_t *c, char *errstr, size_t size)
{
    int pkcs12;
    if (store_type("ssl.truststore.type", c->truststore_type, &pkcs12, errstr, size))
        return -1;
    int any = 0;
    if (given(c->truststore_location)) {
        if (pkcs12 ? trust_pkcs12(ssl, c, errstr, size)
                   : trust_pem(ssl, "ssl.truststore.location", c->truststore_location, NULL,
                               errstr, size))
            return -1;
        any = 1;
    }
    if (given(c->truststore_pem)) {
        if (trust_pem(ssl, "ssl.truststore.certificates", NULL, c->truststore_pem, errstr, size))
            return -1;
        any = 1;
    }
    if (!any && !SSL_CTX_set_default_verify_paths(ssl)) { /* the system's CA store */
        char why[200];
        moldau__errstr_set(errstr, size, "cannot load the system's CA certificates: %s",
                ossl_reason(why, sizeof(why)));
        return -1;
    }
    return 0;
}

static int load_identity(SSL_CTX *ssl, const moldau__tls_conf_t *c, char *errstr, size_t size)
{
    int pkcs12;
    if (store_type("ssl.keystore.type", c->keystore_type, &pkcs12, errstr, size))
        return -1;
    int cert = 0, key = 0;
    if (given(c->keystore_location)) {
        if (pkcs12) {
            if (keystore_pkcs12(ssl, c, errstr, size))
                return -1;
            key = 1;
        } else { /* a PEM key store: the certificate chain and the key in one file */
            if (use_chain_pem(ssl, "ssl.keystore.location", c->keystore_location, NULL, errstr,
                              size))
                return -1;
            if (!given(c->keystore_key) && !given(c->key_location)) {
                if (use_key_pem(ssl, "ssl.keystore.location", c->keystore_location, NULL,
                                c->key_password, errstr, size))
                    return -1;
                key = 1;
            }
        }
        cert = 1;
    }
    if (given(c->keystore_chain)) {
        if (use_chain_pem(ssl, "ssl.keystore.certificate.chain", NULL, c->keystore_chain, errstr,
                          size))
            return -1;
        cert = 1;
    }
    if (given(c->certificate_location)) {
        if (use_chain_pem(ssl, "ssl.certificate.location", c->certificate_location, NULL, errstr,
                          size))
            return -1;
        cert = 1;
    }
    if (given(c->keystore_key)) {
        if (use_key_pem(ssl, "ssl.keystore.key", NULL, c->keystore_key, c->key_password, errstr,
                        size))
            return -1;
        key = 1;
    }
    if (given(c->key_location)) {
        if (use_key_pem(ssl, "ssl.key.location", c->key_location, NULL, c->key_password, errstr,
                        size))
            return -1;
        key = 1;
    }
    if (cert != key) {
        moldau__errstr_set(errstr, size,
                "a client %s is given without its %s (ssl.keystore.*, ssl.certificate.location, "
                "ssl.key.location)", cert ? "certificate" : "key", cert ? "key" : "certificate");
        return -1;
    }
    if (cert && !SSL_CTX_check_private_key(ssl)) {
        char why[200];
        moldau__errstr_set(errstr, size, "the client key does not match its certificate: %s",
                ossl_reason(why, sizeof(why)));
        return -1;
    }
    return 0;
}

moldau__tls_ctx_t *moldau__tls_ctx_new(const moldau__tls_conf_t *c, char *errstr, size_t size)
{
    moldau__tls_ctx_t *ctx = calloc(1, sizeof(*ctx));
    if (!ctx || !(ctx->ssl = SSL_CTX_new(TLS_client_method()))) {
        free(ctx);
        moldau__errstr_set(errstr, size, "cannot create a TLS context (out of memory)");
        return NULL;
    }
    ctx->refs = 1;
    ctx->verify_host = c->verify_host;
    pthread_mutex_init(&ctx->lock, NULL);
    SSL_CTX *ssl = ctx->ssl;
    SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION);
    /* Kafka's frames carry their own sizes, so a close without close_notify is an ordinary
     * close (a cut frame is still detected); kTLS where the kernel has it. */
    SSL_CTX_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_ENABLE_KTLS);
    /* not SSL_MODE_RELEASE_BUFFERS: it frees and allocates the record buffers per record,
     * to save ~34 KiB per idle connection, of which a client has few */
    SSL_CTX_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (set_protocols(ssl, c->enabled_protocols, errstr, size) ||
        set_ciphers(ssl, c->cipher_suites, errstr, size) ||
        load_trust(ssl, c, errstr, size) || load_identity(ssl, c, errstr, size)) {
        moldau__tls_ctx_unref(ctx);
        return NULL;
    }
    return ctx;
}

void moldau__tls_ctx_ref(moldau__tls_ctx_t *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    ctx->refs++;
    pthread_mutex_unlock(&ctx->lock);
}

void moldau__tls_ctx_unref(moldau__tls_ctx_t *ctx)
{
    if (!ctx)
        return;
    pthread_mutex_lock(&ctx->lock);
    int left = --ctx->refs;
    pthread_mutex_unlock(&ctx->lock);
    if (left)
        return;
    SSL_CTX_free(ctx->ssl);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

static int is_ip(const char *host)
{
    unsigned char a[16];
    return inet_pton(AF_INET, host, a) == 1 || inet_pton(AF_INET6, host, a) == 1;
}

moldau__tls_t *moldau__tls_new(moldau__tls_ctx_t *ctx, int fd, const char *host, char *errstr,
                               size_t size)
{
    moldau__tls_t *t = calloc(1, sizeof(*t));
    if (!t || !(t->host = strdup(host)) || !(t->ssl = SSL_new(ctx->ssl)) ||
        !SSL_set_fd(t->ssl, fd)) {
        if (t) {
            SSL_free(t->ssl);
            free(t->host);
        }
        free(t);
        ERR_clear_error();
        moldau__errstr_set(errstr, size, "cannot start TLS (out of memory)");
        return NULL;
    }
    t->ctx = ctx;
    moldau__tls_ctx_ref(ctx);
    int ip = is_ip(host);
    if (!ip) /* SNI carries names only (RFC 6066) */
        SSL_set_tlsext_host_name(t->ssl, host);
    if (ctx->verify_host) {
        if (ip)
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), host);
        else {
            SSL_set_hostflags(t->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            SSL_set1_host(t->ssl, host);
        }
    }
    SSL_set_connect_state(t->ssl);
    return t;
}

void moldau__tls_free(moldau__tls_t *t)
{
    if (!t)
        return;
    SSL_free(t->ssl);
    moldau__tls_ctx_unref(t->ctx);
    free(t->wbuf);
    free(t->host);
    free(t);
}

unsigned moldau__tls_wants(const moldau__tls_t *t) { return t->wants; }
const char *moldau__tls_errstr(const moldau__tls_t *t) { return t->errstr; }
size_t moldau__tls_write_pending(const moldau__tls_t *t) { return t->wlen - t->woff; }

/* The words for a failed certificate check, with a hint at the setting to look at. */
static void verify_failed(moldau__tls_t *t, long v)
{
    const char *hint = "";
    switch (v) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        snprintf(t->errstr, sizeof(t->errstr),
                 "TLS handshake failed: the broker's certificate is not for \"%s\" (%s; "
                 "ssl.endpoint.identification.algorithm=\"\" turns the check off)",
                 t->host, X509_verify_cert_error_string(v));
        return;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        hint = " (the broker's CA is not trusted: ssl.truststore.location, ssl.ca.location)";
        break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        hint = " (check the certificate's dates and this machine's clock)";
        break;
    }
    snprintf(t->errstr, sizeof(t->errstr),
             "TLS handshake failed: the broker's certificate was refused: %s%s",
             X509_verify_cert_error_string(v), hint);
}

/* Classifies a failed SSL call: 0 with errno EAGAIN when it waits for the socket, 1 for the
 * peer's close, -1 with errno EPROTO and errstr set for a failure. */
static int failed(moldau__tls_t *t, int rc, const char *during)
{
    int e = SSL_get_error(t->ssl, rc), saved = errno;
    char why[200];
    switch (e) {
    case SSL_ERROR_WANT_READ:
        t->wants = MOLDAU__TLS_WANT_READ;
        errno = EAGAIN;
        return 0;
    case SSL_ERROR_WANT_WRITE:
        t->wants = MOLDAU__TLS_WANT_WRITE;
        errno = EAGAIN;
        return 0;
    case SSL_ERROR_ZERO_RETURN:
        ERR_clear_error();
        return 1;
    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0) {
            if (saved == 0) {
                return 1;
            }
            snprintf(t->errstr, sizeof(t->errstr), "TLS %s failed: %s", during,
                     strerror(saved));
            errno = EPROTO;
            return -1;
        }
        break;
    }
    long v = SSL_get_verify_result(t->ssl);
    if (!SSL_is_init_finished(t->ssl) && v != X509_V_OK) {
        ERR_clear_error();
        verify_failed(t, v);
    } else {
        ossl_reason(why, sizeof(why));
        const char *hint = "";
        if (strstr(why, "wrong version number") || strstr(why, "packet length too long"))
            hint = " (the broker does not speak TLS there: a PLAINTEXT listener?)";
        else if (strstr(why, "alert bad certificate") || strstr(why, "certificate required") ||
                 strstr(why, "alert unknown ca") || strstr(why, "alert certificate"))
            hint = " (the broker refused this client's certificate, or wants one: "
                   "ssl.keystore.location, ssl.certificate.location)";
        snprintf(t->errstr, sizeof(t->errstr), "TLS %s failed: %s%s", during, why, hint);
    }
    errno = EPROTO;
    return -1;
}

int moldau__tls_handshake(moldau__tls_t *t)
{
    t->wants = 0;
    ERR_clear_error();
    int rc = SSL_do_handshake(t->ssl);
    if (rc == 1)
        return 0;
    int f = failed(t, rc, "handshake");
    if (f == 1) {
        snprintf(t->errstr, sizeof(t->errstr),
                 "the broker closed the connection during the TLS handshake (a PLAINTEXT "
                 "listener, or it refused this client's certificate or protocol versions)");
        errno = EPROTO;
    }
    return -1;
}

ssize_t moldau__tls_read(moldau__tls_t *t, void *buf, size_t len)
{
    size_t got = 0;
    t->wants = 0;
    while (got < len) {
        size_t n = 0;
        ERR_clear_error();
        int rc = SSL_read_ex(t->ssl, (char *)buf + got, len - got, &n);
        if (rc == 1) {
            got += n;
            continue;
        }
        int f = failed(t, rc, "read");
        if (got > 0) { /* return what came; a close or failure shows again on the next call */
            t->wants = 0;
            return (ssize_t)got;
        }
        if (f == 1)
            return 0;
        return -1;
    }
    return (ssize_t)got;
}

/* SSL_write through the socket BIO writes with write(2): a broker gone would raise SIGPIPE,
 * which the application may not ignore. Blocked around the write, and a SIGPIPE raised by it
 * consumed (unless one was pending already), as send(MSG_NOSIGNAL) would do. */
static int write_some(moldau__tls_t *t, size_t *n)
{
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ERR_clear_error();
    int rc = SSL_write_ex(t->ssl, t->wbuf + t->woff, t->wlen - t->woff, n);
    int saved = errno;
    if (rc != 1 && saved == EPIPE && !was_pending) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return rc;
}

/* Sends what is kept: 0 when all is sent, -1 with EAGAIN or EPROTO. */
static int send_kept(moldau__tls_t *t)
{
    while (t->woff < t->wlen) {
        size_t n = 0;
        int rc = write_some(t, &n);
        if (rc == 1) {
            t->woff += n;
            continue;
        }
        int f = failed(t, rc, "write");
        if (f == 1) {
            snprintf(t->errstr, sizeof(t->errstr), "TLS write failed: the broker closed the "
                                                   "TLS session");
            errno = EPROTO;
        }
        return -1;
    }
    t->woff = t->wlen = 0;
    return 0;
}

ssize_t moldau__tls_writev(moldau__tls_t *t, const struct iovec *iov, int niov)
{
    t->wants = 0;
    if (send_kept(t) < 0)
        return -1;
    if (!t->wbuf && niov > 0 && !(t->wbuf = malloc(WBUF_SIZE))) {
        snprintf(t->errstr, sizeof(t->errstr), "TLS write failed: out of memory");
        errno = EPROTO;
        return -1;
    }
    size_t took = 0;
    for (int i = 0; i < niov && took < WBUF_SIZE; i++) {
        size_t k = iov[i].iov_len;
        if (k > WBUF_SIZE - took)
            k = WBUF_SIZE - took;
        memcpy(t->wbuf + took, iov[i].iov_base, k);
        took += k;
    }
    t->wlen = took;
    if (send_kept(t) < 0 && errno != EAGAIN) /* EAGAIN: wants says for what */
        return -1;
    return (ssize_t)took;
}

int moldau__tls_ktls_send(const moldau__tls_t *t)
{
    return BIO_get_ktls_send(SSL_get_wbio(t->ssl)) ? 1 : 0;
}

void moldau__tls_describe(const moldau__tls_t *t, char *out, size_t size)
{
    snprintf(out, size, "%s %s, kTLS send %s, receive %s", SSL_get_version(t->ssl),
             SSL_get_cipher_name(t->ssl), moldau__tls_ktls_send(t) ? "on" : "off",
             BIO_get_ktls_recv(SSL_get_rbio(t->ssl)) ? "on" : "off");
}

#else /* built without TLS: every use is refused where the context would be made */

struct moldau__tls_ctx {
    int unused;
};
struct moldau__tls {
    int unused;
};

int moldau__tls_available(void) { return 0; }

moldau__tls_ctx_t *moldau__tls_ctx_new(const moldau__tls_conf_t *conf, char *errstr,
                                       size_t size)
{
    (void)conf;
    if (errstr && size)
        snprintf(errstr, size, "security.protocol=SSL: moldau was built without TLS (make "
                               "TLS=0, or no OpenSSL 3 headers at build time)");
    return NULL;
}
void moldau__tls_ctx_ref(moldau__tls_ctx_t *ctx) { (void)ctx; }
void moldau__tls_ctx_unref(moldau__tls_ctx_t *ctx) { (void)ctx; }
moldau__tls_t *moldau__tls_new(moldau__tls_ctx_t *ctx, int fd, const char *host, char *errstr,
                               size_t size)
{
    (void)ctx, (void)fd, (void)host;
    if (errstr && size)
        snprintf(errstr, size, "moldau was built without TLS");
    return NULL;
}
void moldau__tls_free(moldau__tls_t *t) { (void)t; }
int moldau__tls_handshake(moldau__tls_t *t)
{
    (void)t;
    errno = EPROTO;
    return -1;
}
unsigned moldau__tls_wants(const moldau__tls_t *t)
{
    (void)t;
    return 0;
}
ssize_t moldau__tls_read(moldau__tls_t *t, void *buf, size_t len)
{
    (void)t, (void)buf, (void)len;
    errno = EPROTO;
    return -1;
}
ssize_t moldau__tls_writev(moldau__tls_t *t, const struct iovec *iov, int niov)
{
    (void)t, (void)iov, (void)niov;
    errno = EPROTO;
    return -1;
}
size_t moldau__tls_write_pending(const moldau__tls_t *t)
{
    (void)t;
    return 0;
}
const char *moldau__tls_errstr(const moldau__tls_t *t)
{
    (void)t;
    return "moldau was built without TLS";
}
void moldau__tls_describe(const moldau__tls_t *t, char *out, size_t size)
{
    (void)t;
    snprintf(out, size, "no TLS");
}
int moldau__tls_ktls_send(const moldau__tls_t *t)
{
    (void)t;
    return 0;
}

#endif
