/* CreateTopics (key 19), v2-7 (v0-1 are deprecated by KIP-896). From v5 the response also
 * describes each created topic (partitions, replication, configs) so a client need not ask
 * again; v7 adds the topic id. */
#include "protocol/codec.h"

moldau_err_t moldau_create_topics_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_create_topics_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_CREATE_TOPICS, version);
    if (err)
        return err;
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_create_topics_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        moldau_w_i32(w, t->num_partitions);
        moldau_w_i16(w, t->replication_factor);
        int32_t na = moldau__enc_arr(&e, t->assignments, t->n_assignments);
        for (int32_t j = 0; j < na; j++) {
            moldau_w_i32(w, t->assignments[j].partition_index);
            moldau__enc_i32_arr(&e, t->assignments[j].broker_ids,
                                t->assignments[j].n_broker_ids);
            moldau__enc_tags(&e);
        }
        int32_t nc = moldau__enc_arr(&e, t->configs, t->n_configs);
        for (int32_t j = 0; j < nc; j++) {
            moldau__enc_str(&e, t->configs[j].name);
            moldau__enc_nstr(&e, t->configs[j].value);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau_w_bool(w, req->validate_only);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void topic_tag(moldau__dec_t *field, uint32_t tag, void *ctx)
{
    moldau_create_topics_response_topic_t *t = ctx;
    if (tag == 0)
        t->topic_config_error_code = moldau_r_i16(field->r);
}

static void read_configs(moldau__dec_t *d, moldau_create_topics_response_topic_t *t)
{
    /* name, value, read_only, config_source, is_sensitive, tags */
    size_t min = 2 * d->min_str + 3 + d->min_tags;
    t->configs = moldau__dec_narr(d, min, sizeof(*t->configs), &t->n_configs);
    for (int32_t i = 0; i < t->n_configs; i++) {
        moldau_create_topics_response_config_t *c = &t->configs[i];
        c->name = moldau__dec_str(d);
        c->value = moldau__dec_nstr(d);
        c->read_only = moldau_r_bool(d->r);
        c->config_source = moldau_r_i8(d->r);
        c->is_sensitive = moldau_r_bool(d->r);
        moldau__dec_tags(d);
    }
}

moldau_err_t moldau_create_topics_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_create_topics_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_CREATE_TOPICS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    /* name, [topic id], error code, error message, tags */
    size_t min = 2 * d.min_str + 2 + (version >= 7 ? 16 : 0) + d.min_tags;
    out->topics = moldau__dec_arr(&d, min, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_create_topics_response_topic_t *t = &out->topics[i];
        t->name = moldau__dec_str(&d);
        if (version >= 7)
            t->topic_id = moldau_r_uuid(r);
        t->error_code = moldau_r_i16(r);
        t->error_message = moldau__dec_nstr(&d);
        t->num_partitions = -1;
        t->replication_factor = -1;
        if (version >= 5) {
            t->num_partitions = moldau_r_i32(r);
            t->replication_factor = moldau_r_i16(r);
            read_configs(&d, t);
        }
        moldau__dec_tags_each(&d, topic_tag, t);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
