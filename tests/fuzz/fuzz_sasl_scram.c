/* libFuzzer target: SCRAM's server messages. The input, split at its first '\n', is a
 * server-first and a server-final message: the first is parsed, then answered (a fixed
 * client nonce, so inputs can extend it), then the second checked. Any of them may be
 * refused; none may crash, leak or read out of bounds. */
#include <string.h>

#include "net/sasl_scram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t first_len = nl ? (size_t)(nl - data) : size;
    const uint8_t *final = nl ? nl + 1 : data + size;
    size_t final_len = size - first_len - (nl ? 1 : 0);
    moldau__scram_server_first_t sf;
    char err[256];
    (void)moldau__scram_parse_server_first(data, first_len, &sf, err, sizeof(err));
    moldau__scram_t s;
    moldau_buf_t out;
    moldau_buf_init(&out);
    if (!moldau__scram_start(&s, size & 1, "user", "pencil", "fyko", &out, err, sizeof(err))) {
        moldau_buf_reset(&out);
        if (!moldau__scram_final(&s, data, first_len, &out, err, sizeof(err)))
            (void)moldau__scram_verify(&s, final, final_len, err, sizeof(err));
        moldau__scram_free(&s);
    }
    moldau_buf_free(&out);
    return 0;
}
