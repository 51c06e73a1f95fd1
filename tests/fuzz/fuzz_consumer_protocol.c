/* libFuzzer target: the consumer protocol payload decoders. The first byte picks the payload
 * (even: subscription, odd: assignment); the rest is the payload, version prefix included.
 * A payload that decodes must encode again at its version (capped at the newest we write)
 * and decode to the same counts. The one thing the encoder may refuse is a null topic name,
 * which the decoder lets through as every decoder does with null strings. */
#include <stdlib.h>

#include "fuzz.h"

static int null_topic(const moldau_consumer_protocol_topic_partition_t *tp, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
        if (!tp[i].topic)
            return 1;
    return 0;
}

static void check_subscription(const moldau_consumer_protocol_subscription_t *s)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    int16_t v = s->version > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION
                    ? MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION
                    : s->version;
    int nulls = null_topic(s->owned_partitions, v >= 1 ? s->n_owned_partitions : 0);
    for (int32_t i = 0; i < s->n_topics; i++)
        nulls |= !s->topics[i];
    moldau_err_t err = moldau_consumer_protocol_subscription_encode(&w, v, s);
    if (err != MOLDAU_ERR_NONE) {
        if (err != MOLDAU_ERR__INVALID_ARG || !nulls || w.len != 0)
            abort();
        moldau_buf_free(&w);
        return;
    }
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_consumer_protocol_subscription_t back;
    if (moldau_consumer_protocol_subscription_decode(&r, &a, &back) != MOLDAU_ERR_NONE ||
        moldau_reader_remaining(&r) != 0 || back.n_topics != s->n_topics ||
        back.n_owned_partitions != s->n_owned_partitions ||
        back.user_data.len != s->user_data.len || back.generation_id != s->generation_id)
        abort();
    moldau_arena_free(&a);
    moldau_buf_free(&w);
}

static void check_assignment(const moldau_consumer_protocol_assignment_t *s)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    int16_t v = s->version > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION
                    ? MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION
                    : s->version;
    moldau_err_t err = moldau_consumer_protocol_assignment_encode(&w, v, s);
    if (err != MOLDAU_ERR_NONE) {
        if (err != MOLDAU_ERR__INVALID_ARG ||
            !null_topic(s->assigned_partitions, s->n_assigned_partitions) || w.len != 0)
            abort();
        moldau_buf_free(&w);
        return;
    }
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_consumer_protocol_assignment_t back;
    if (moldau_consumer_protocol_assignment_decode(&r, &a, &back) != MOLDAU_ERR_NONE ||
        moldau_reader_remaining(&r) != 0 ||
        back.n_assigned_partitions != s->n_assigned_partitions ||
        back.user_data.len != s->user_data.len)
        abort();
    moldau_arena_free(&a);
    moldau_buf_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    moldau_reader_t r;
    moldau_reader_init(&r, data + 1, size - 1);
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    if (data[0] % 2 == 0) {
        moldau_consumer_protocol_subscription_t s;
        if (moldau_consumer_protocol_subscription_decode(&r, &arena, &s) == MOLDAU_ERR_NONE)
            check_subscription(&s);
    } else {
        moldau_consumer_protocol_assignment_t s;
        if (moldau_consumer_protocol_assignment_decode(&r, &arena, &s) == MOLDAU_ERR_NONE)
            check_assignment(&s);
    }
    moldau_arena_free(&arena);
    return 0;
}
