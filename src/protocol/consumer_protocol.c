/* The "consumer" protocol payloads carried inside JoinGroup (ConsumerProtocolSubscription) and
 * SyncGroup (ConsumerProtocolAssignment). Each is an int16 version and the struct, never
 * flexible. Every member of a group reads every other member's subscription, whatever client
 * wrote it, so reading is lenient the way Java's is: a newer version than we know is read with
 * our newest layout (new versions only append fields), and trailing bytes are left unread. */
#include "protocol/codec.h"

static void write_topic_partitions(moldau__enc_t *e,
                                   const moldau_consumer_protocol_topic_partition_t *tp,
                                   int32_t n)
{
    n = moldau__enc_arr(e, tp, n);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(e, tp[i].topic);
        moldau__enc_i32_arr(e, tp[i].partitions, tp[i].n_partitions);
    }
}

static const moldau_consumer_protocol_topic_partition_t *
read_topic_partitions(moldau__dec_t *d, int32_t *count)
{
    moldau_consumer_protocol_topic_partition_t *tp = moldau__dec_arr(d, 2 + 4, sizeof(*tp), count);
    for (int32_t i = 0; i < *count; i++) {
        tp[i].topic = moldau__dec_str(d);
        tp[i].partitions = moldau__dec_i32_arr(d, &tp[i].n_partitions);
    }
    return tp;
}

/* The payload's version, and the layout to read it with. */
static int16_t read_version(moldau_reader_t *r, int16_t *layout)
{
    int16_t v = moldau_r_i16(r);
    if (v < 0)
        moldau_reader_fail(r);
    *layout = v > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION ? MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION : v;
    return v;
}

moldau_err_t moldau_consumer_protocol_subscription_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_subscription_t *s)
{
    if (version < 0 || version > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION)
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__enc_t e;
    moldau__enc_init(&e, w, 0);
    moldau_w_i16(w, version);
    moldau__enc_str_arr(&e, s->topics, s->n_topics);
    moldau__enc_nbytes(&e, s->user_data);
    if (version >= 1)
        write_topic_partitions(&e, s->owned_partitions, s->n_owned_partitions);
    if (version >= 2)
        moldau_w_i32(w, s->generation_id);
    if (version >= 3)
        moldau__enc_nstr(&e, s->rack_id);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_consumer_protocol_subscription_decode(
    moldau_reader_t *r, moldau_arena_t *a, moldau_consumer_protocol_subscription_t *out)
{
    *out = (moldau_consumer_protocol_subscription_t){0};
    out->generation_id = -1;
    int16_t layout;
    out->version = read_version(r, &layout);
    moldau__dec_t d;
    moldau__dec_init(&d, r, a, 0, layout);
    out->topics = moldau__dec_str_arr(&d, &out->n_topics);
    out->user_data = moldau__dec_nbytes(&d);
    if (layout >= 1)
        out->owned_partitions = read_topic_partitions(&d, &out->n_owned_partitions);
    if (layout >= 2)
        out->generation_id = moldau_r_i32(r);
    if (layout >= 3)
        out->rack_id = moldau__dec_nstr(&d);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_consumer_protocol_assignment_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_assignment_t *s)
{
    if (version < 0 || version > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION)
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__enc_t e;
    moldau__enc_init(&e, w, 0);
    moldau_w_i16(w, version);
    write_topic_partitions(&e, s->assigned_partitions, s->n_assigned_partitions);
    moldau__enc_nbytes(&e, s->user_data);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_consumer_protocol_assignment_decode(
    moldau_reader_t *r, moldau_arena_t *a, moldau_consumer_protocol_assignment_t *out)
{
    *out = (moldau_consumer_protocol_assignment_t){0};
    int16_t layout; /* v0-3 share one layout; v1-3 only mark what the subscription gained */
    out->version = read_version(r, &layout);
    moldau__dec_t d;
    moldau__dec_init(&d, r, a, 0, layout);
    out->assigned_partitions = read_topic_partitions(&d, &out->n_assigned_partitions);
    out->user_data = moldau__dec_nbytes(&d);
    return moldau__dec_end(&d);
}
