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

/* Starts a payload: its version first. */
static moldau_err_t write_version(moldau__enc_t *e, moldau_buf_t *w, int16_t version)
{
    if (version < 0 || version > MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION)
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__enc_init(e, w, 0);
    moldau_w_i16(w, version);
    return MOLDAU_ERR_NONE;
}

/* Returns the payload's version; d->version gets the layout to read the rest with. */
static int16_t read_version(moldau__dec_t *d, moldau_reader_t *r, moldau_arena_t *a)
{
    int16_t v = moldau_r_i16(r);
    if (v < 0)
        moldau_reader_fail(r);
    const int16_t newest = MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION;
    moldau__dec_init(d, r, a, 0, v > newest ? newest : v);
    return v;
}

moldau_err_t moldau_consumer_protocol_subscription_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_subscription_t *s)
{
    moldau__enc_t e;
    moldau_err_t err = write_version(&e, w, version);
    if (err)
        return err;
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
    moldau__dec_t d;
    out->version = read_version(&d, r, a);
    out->topics = moldau__dec_str_arr(&d, &out->n_topics);
    out->user_data = moldau__dec_nbytes(&d);
    if (d.version >= 1)
        out->owned_partitions = read_topic_partitions(&d, &out->n_owned_partitions);
    if (d.version >= 2)
        out->generation_id = moldau_r_i32(r);
    if (d.version >= 3)
        out->rack_id = moldau__dec_nstr(&d);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_consumer_protocol_assignment_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_assignment_t *s)
{
    moldau__enc_t e;
    moldau_err_t err = write_version(&e, w, version);
    if (err)
        return err;
    write_topic_partitions(&e, s->assigned_partitions, s->n_assigned_partitions);
    moldau__enc_nbytes(&e, s->user_data);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_consumer_protocol_assignment_decode(
    moldau_reader_t *r, moldau_arena_t *a, moldau_consumer_protocol_assignment_t *out)
{
    *out = (moldau_consumer_protocol_assignment_t){0};
    moldau__dec_t d; /* v0-3 share one layout; v1-3 only mark what the subscription gained */
    out->version = read_version(&d, r, a);
    out->assigned_partitions = read_topic_partitions(&d, &out->n_assigned_partitions);
    out->user_data = moldau__dec_nbytes(&d);
    return moldau__dec_end(&d);
}
