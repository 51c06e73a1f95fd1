/* What the fetcher does with a Fetch answer, on arbitrary bytes: a fetch session (KIP-227) of
 * some partitions is built (full), answered, built again (incremental, some partitions moved,
 * some left out: forgotten), then the answer is decoded, each of its partitions found again in
 * the session (moldau__fetch_session_slot: names or ids the session may not hold, twice, or
 * not at all) and its records read as the fetcher reads them (fetchbuf, aborted transactions).
 *
 * Input: byte 0 the Fetch version (modulo 4..18), byte 1 the partitions (low 6 bits, two
 * topics), bytes 2..9 which of them the second build keeps and which move (bit i of an
 * 8-byte mask each for the first 32), then the response body. Never a crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "consumer/fetch_session.h"
#include "consumer/fetchbuf.h"

enum { MAXP = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= 10) /* a body of at least a byte, as every frame has */
        return 0;
    int16_t version = (int16_t)(4 + data[0] % 15);
    size_t n = data[1] & (MAXP - 1);
    uint32_t keep = (uint32_t)data[2] | (uint32_t)data[3] << 8 | (uint32_t)data[4] << 16 |
                    (uint32_t)data[5] << 24;
    uint32_t move = (uint32_t)data[6] | (uint32_t)data[7] << 8 | (uint32_t)data[8] << 16 |
                    (uint32_t)data[9] << 24;
    static const moldau_uuid_t ids[2] = {{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
                                         {{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}}};
    moldau__cpart_t parts[MAXP];
    const moldau__cpart_t *ptrs[MAXP];
    for (size_t i = 0; i < n; i++) {
        parts[i] = (moldau__cpart_t){.topic = i & 1 ? "u" : "t",
                                     .partition = (int32_t)(i / 2),
                                     .topic_id = ids[i & 1],
                                     .position = (int64_t)i,
                                     .leader_epoch = -1,
                                     .last_fetched_epoch = -1};
        ptrs[i] = &parts[i];
    }
    moldau__fetch_conf_t fc = {.min_bytes = 1, .max_wait_ms = 500, .max_bytes = 1 << 20,
                               .partition_max_bytes = 1 << 16, .isolation_level = 1,
                               .rack_id = ""};
    moldau__fetch_session_t s;
    moldau__fetch_session_init(&s);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_fetch_request_t req;
    size_t m = 0;
    if (moldau__fetch_session_build(&s, &a, version, ptrs, n, &fc, 1 << 20, &req) >= 0) {
        moldau__fetch_session_answered(&s, MOLDAU_ERR_NONE, 7);
        /* the next build: a subset, some positions moved */
        for (size_t i = 0; i < n; i++) {
            if (i < 32 && !(keep >> i & 1))
                continue;
            if (i < 32 && move >> i & 1)
                parts[i].position += 10;
            ptrs[m++] = &parts[i];
        }
        (void)moldau__fetch_session_build(&s, &a, version, ptrs, m, &fc, 1 << 20, &req);
    }
    moldau_buf_t body;
    moldau_buf_init(&body);
    moldau_buf_put(&body, data + 10, size - 10);
    moldau__fetchbuf_t *fb = moldau__fetchbuf_new(&body, NULL); /* owns body even when NULL */
    if (fb) {
        moldau_reader_t r;
        moldau_reader_init(&r, fb->body.data, fb->body.len);
        moldau_fetch_response_t resp;
        memset(&resp, 0, sizeof(resp));
        if (!moldau_fetch_response_decode(&r, version, &fb->arena, &resp)) {
            for (int32_t t = 0; t < resp.n_responses; t++) {
                const moldau_fetch_response_topic_t *rt = &resp.responses[t];
                for (int32_t i = 0; i < rt->n_partitions; i++) {
                    const moldau_fetch_response_partition_t *rp = &rt->partitions[i];
                    size_t slot = moldau__fetch_session_slot(&s, rt, rp->partition_index);
                    if (slot >= m)
                        continue;
                    moldau__fetch_records_t out;
                    (void)moldau__fetchbuf_read_partition(
                        fb, ptrs[slot]->topic, ptrs[slot]->partition, rp->records,
                        ptrs[slot]->position, 1, 65536, rp->aborted_transactions,
                        rp->n_aborted_transactions, &out);
                }
            }
        }
        moldau__fetchbuf_unref(fb);
    }
    moldau_arena_free(&a);
    moldau__fetch_session_free(&s);
    return 0;
}
