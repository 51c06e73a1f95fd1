/* The message codecs' shared helpers; the rules are in codec.h. */
#include "protocol/codec.h"

int moldau__version_ok(int16_t api_key, int16_t version)
{
    const moldau_api_info_t *api = moldau_api_info(api_key);
    return api && version >= api->min_version && version <= api->max_version;
}

/* ---- encoding ---------------------------------------------------------------------------- */

void moldau__enc_init(moldau__enc_t *e, moldau_buf_t *w, int flex)
{
    e->w = w;
    e->start = w->len;
    e->flex = flex;
    e->bad = 0;
    /* Some bodies are empty (ApiVersions v0-2, ListGroups v0-2): still leave w->data non-NULL,
     * since callers hand it to memcpy/memcmp, which must not get NULL even for zero bytes. */
    (void)moldau_buf_reserve(w, 1);
}

moldau_err_t moldau__enc_begin(moldau__enc_t *e, moldau_buf_t *w, int16_t api_key,
                               int16_t version)
{
    if (!moldau__version_ok(api_key, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__enc_init(e, w, moldau_api_is_flexible(api_key, version));
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__enc_end(moldau__enc_t *e)
{
    moldau_err_t err = e->bad         ? MOLDAU_ERR__INVALID_ARG
                       : e->w->failed ? MOLDAU_ERR__NO_MEMORY
                                      : MOLDAU_ERR_NONE;
    if (err && e->w->len > e->start)
        e->w->len = e->start;
    return err;
}

void moldau__enc_i32_arr(moldau__enc_t *e, const int32_t *v, int32_t n)
{
    int32_t k = moldau__enc_arr(e, v, n);
    for (int32_t i = 0; i < k; i++)
        moldau_w_i32(e->w, v[i]);
}

void moldau__enc_str_arr(moldau__enc_t *e, const char *const *v, int32_t n)
{
    int32_t k = moldau__enc_arr(e, v, n);
    for (int32_t i = 0; i < k; i++)
        moldau__enc_str(e, v[i]);
}

/* ---- decoding ---------------------------------------------------------------------------- */

void moldau__dec_init(moldau__dec_t *d, moldau_reader_t *r, moldau_arena_t *a, int flex,
                      int16_t version)
{
    d->r = r;
    d->a = a;
    d->version = version;
    d->flex = flex;
    d->nomem = 0;
    d->min_str = flex ? 1 : 2;
    d->min_arr = flex ? 1 : 4;
    d->min_tags = flex ? 1 : 0;
}

moldau_err_t moldau__dec_begin(moldau__dec_t *d, moldau_reader_t *r, moldau_arena_t *a,
                               int16_t api_key, int16_t version)
{
    if (!moldau__version_ok(api_key, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__dec_init(d, r, a, moldau_api_is_flexible(api_key, version), version);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__dec_end(const moldau__dec_t *d)
{
    if (d->nomem)
        return MOLDAU_ERR__NO_MEMORY;
    return d->r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}

void moldau__dec_str_failed(moldau__dec_t *d, moldau_reader_t *before)
{
    if (before->err)
        return; /* it had failed earlier */
    /* moldau_r_string fails the reader for a short or bad length and for a failed copy alike;
     * a length that the input did hold means the copy failed. */
    int64_t n = d->flex ? (int64_t)moldau_r_uvarint(before) - 1 : moldau_r_i16(before);
    if (!before->err && n >= 0 && (uint64_t)n <= moldau_reader_remaining(before))
        d->nomem = 1;
}

int32_t *moldau__dec_i32_arr(moldau__dec_t *d, int32_t *n)
{
    int32_t *v = moldau__dec_arr(d, 4, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++)
        v[i] = moldau_r_i32(d->r);
    return v;
}

const char **moldau__dec_str_arr(moldau__dec_t *d, int32_t *n)
{
    const char **v = moldau__dec_arr(d, d->min_str, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++)
        v[i] = moldau__dec_str(d);
    return v;
}

typedef struct tag_call {
    moldau__dec_t *parent;
    moldau__dec_tag_fn fn;
    void *ctx;
} tag_call_t;

static void tag_field(moldau_reader_t *field, uint32_t tag, void *ctx)
{
    tag_call_t *c = ctx;
    moldau__dec_t sub;
    moldau__dec_init(&sub, field, c->parent->a, 1, c->parent->version);
    c->fn(&sub, tag, c->ctx);
    if (sub.nomem)
        c->parent->nomem = 1;
}

void moldau__dec_tags_read(moldau__dec_t *d, moldau__dec_tag_fn fn, void *ctx)
{
    tag_call_t c = {d, fn, ctx};
    moldau_r_tags(d->r, tag_field, &c);
}

/* ---- shapes several messages share -------------------------------------------------------- */

void moldau__dec_leader(moldau__dec_t *d, moldau_leader_id_and_epoch_t *l)
{
    l->leader_id = moldau_r_i32(d->r);
    l->leader_epoch = moldau_r_i32(d->r);
    moldau__dec_tags(d);
}

moldau_node_endpoint_t *moldau__dec_node_endpoints(moldau__dec_t *d, int32_t *n)
{
    /* node id, host, port, rack, tags: 11 bytes at least (always flexible) */
    moldau_node_endpoint_t *v = moldau__dec_arr(d, 11, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++) {
        v[i].node_id = moldau_r_i32(d->r);
        v[i].host = moldau__dec_str(d);
        v[i].port = moldau_r_i32(d->r);
        v[i].rack = moldau__dec_nstr(d);
        moldau__dec_tags(d);
    }
    return v;
}

moldau_partition_error_t *moldau__dec_partition_errors(moldau__dec_t *d, int32_t *n)
{
    moldau_partition_error_t *v = moldau__dec_arr(d, 4 + 2 + d->min_tags, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++) {
        v[i].partition_index = moldau_r_i32(d->r);
        v[i].error_code = moldau_r_i16(d->r);
        moldau__dec_tags(d);
    }
    return v;
}

moldau_partition_error_msg_t *moldau__dec_partition_error_msgs(moldau__dec_t *d, int32_t *n)
{
    moldau_partition_error_msg_t *v =
        moldau__dec_arr(d, 4 + 2 + d->min_str + d->min_tags, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++) {
        v[i].partition_index = moldau_r_i32(d->r);
        v[i].error_code = moldau_r_i16(d->r);
        v[i].error_message = moldau__dec_nstr(d);
        moldau__dec_tags(d);
    }
    return v;
}

moldau_group_heartbeat_assignment_t *moldau__dec_heartbeat_assignment(moldau__dec_t *d)
{
    moldau_group_heartbeat_assignment_t *as = moldau_arena_calloc(d->a, 1, sizeof(*as));
    if (!as) {
        d->nomem = 1;
        moldau_reader_fail(d->r);
        return NULL;
    }
    /* topic id, partitions, tags */
    moldau_topic_id_partitions_t *tp =
        moldau__dec_arr(d, 16 + d->min_arr + d->min_tags, sizeof(*tp), &as->n_topic_partitions);
    for (int32_t i = 0; i < as->n_topic_partitions; i++) {
        tp[i].topic_id = moldau_r_uuid(d->r);
        tp[i].partitions = moldau__dec_i32_arr(d, &tp[i].n_partitions);
        moldau__dec_tags(d);
    }
    as->topic_partitions = tp;
    moldau__dec_tags(d);
    return as;
}

void moldau__dec_describe_assignment(moldau__dec_t *d, moldau_group_describe_assignment_t *as)
{
    moldau_group_describe_topic_partitions_t *tp =
        moldau__dec_arr(d, 16 + d->min_str + d->min_arr + d->min_tags, sizeof(*tp),
                        &as->n_topic_partitions);
    for (int32_t i = 0; i < as->n_topic_partitions; i++) {
        tp[i].topic_id = moldau_r_uuid(d->r);
        tp[i].topic_name = moldau__dec_str(d);
        tp[i].partitions = moldau__dec_i32_arr(d, &tp[i].n_partitions);
        moldau__dec_tags(d);
    }
    as->topic_partitions = tp;
    moldau__dec_tags(d);
}

void moldau__dec_heartbeat_response(moldau__dec_t *d, moldau_group_heartbeat_response_t *out)
{
    moldau_reader_t *r = d->r;
    *out = (moldau_group_heartbeat_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(d);
    out->member_id = moldau__dec_nstr(d);
    out->member_epoch = moldau_r_i32(r);
    out->heartbeat_interval_ms = moldau_r_i32(r);
    /* A nullable struct: int8 -1 for null, else the struct follows (Java reads any negative
     * marker as null). */
    if (moldau_r_i8(r) >= 0 && !r->err)
        out->assignment = moldau__dec_heartbeat_assignment(d);
    moldau__dec_tags(d);
}

void moldau__enc_group_describe_request(moldau__enc_t *e,
                                        const moldau_group_describe_request_t *req)
{
    moldau__enc_str_arr(e, req->group_ids, req->n_group_ids);
    moldau_w_bool(e->w, req->include_authorized_operations);
    moldau__enc_tags(e);
}

void moldau__enc_topic_id_partitions(moldau__enc_t *e, int nullable,
                                     const moldau_topic_id_partitions_t *v, int32_t n)
{
    int32_t nt = nullable ? moldau__enc_narr(e, v, n) : moldau__enc_arr(e, v, n);
    for (int32_t i = 0; i < nt; i++) {
        moldau_w_uuid(e->w, v[i].topic_id);
        moldau__enc_i32_arr(e, v[i].partitions, v[i].n_partitions);
        moldau__enc_tags(e);
    }
}
