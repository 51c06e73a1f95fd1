/* libcrypto's PBKDF2 and random bytes, or their refusal in a build without OpenSSL. */
#include "util/crypto.h"

#include <string.h>

#if defined(MOLDAU_WITH_TLS) && MOLDAU_WITH_TLS
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

int moldau__crypto_available(void) { return 1; }

moldau_err_t moldau__crypto_random(uint8_t *out, size_t n)
{
    return n <= INT32_MAX && RAND_bytes(out, (int)n) == 1 ? MOLDAU_ERR_NONE : MOLDAU_ERR__STATE;
}

moldau_err_t moldau__crypto_pbkdf2(int sha512, const char *password, const uint8_t *salt,
                                   size_t salt_len, int iterations, uint8_t *out,
                                   size_t *out_len)
{
    size_t n = sha512 ? 64 : 32;
    if (salt_len > INT32_MAX || iterations < 1 ||
        PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len, iterations,
                          sha512 ? EVP_sha512() : EVP_sha256(), (int)n, out) != 1)
        return MOLDAU_ERR__STATE;
    *out_len = n;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__crypto_hmac(int sha512, const uint8_t *key, size_t key_len,
                                 const uint8_t *data, size_t len, uint8_t *out, size_t *out_len)
{
    unsigned int n = 0;
    if (key_len > INT32_MAX ||
        !HMAC(sha512 ? EVP_sha512() : EVP_sha256(), key, (int)key_len, data, len, out, &n))
        return MOLDAU_ERR__STATE;
    *out_len = n;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__crypto_hash(int sha512, const uint8_t *data, size_t len, uint8_t *out,
                                 size_t *out_len)
{
    unsigned int n = 0;
    if (EVP_Digest(data, len, out, &n, sha512 ? EVP_sha512() : EVP_sha256(), NULL) != 1)
        return MOLDAU_ERR__STATE;
    *out_len = n;
    return MOLDAU_ERR_NONE;
}
#else
int moldau__crypto_available(void) { return 0; }

moldau_err_t moldau__crypto_hmac(int sha512, const uint8_t *key, size_t key_len,
                                 const uint8_t *data, size_t len, uint8_t *out, size_t *out_len)
{
    (void)sha512, (void)key, (void)key_len, (void)data, (void)len, (void)out;
    *out_len = 0;
    return MOLDAU_ERR__UNSUPPORTED_FEATURE;
}

moldau_err_t moldau__crypto_hash(int sha512, const uint8_t *data, size_t len, uint8_t *out,
                                 size_t *out_len)
{
    (void)sha512, (void)data, (void)len, (void)out;
    *out_len = 0;
    return MOLDAU_ERR__UNSUPPORTED_FEATURE;
}

moldau_err_t moldau__crypto_random(uint8_t *out, size_t n)
{
    (void)out, (void)n;
    return MOLDAU_ERR__UNSUPPORTED_FEATURE;
}

moldau_err_t moldau__crypto_pbkdf2(int sha512, const char *password, const uint8_t *salt,
                                   size_t salt_len, int iterations, uint8_t *out,
                                   size_t *out_len)
{
    (void)sha512, (void)password, (void)salt, (void)salt_len, (void)iterations, (void)out;
    *out_len = 0;
    return MOLDAU_ERR__UNSUPPORTED_FEATURE;
}
#endif
