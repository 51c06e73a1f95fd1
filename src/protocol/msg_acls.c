/* DescribeAcls (key 29), CreateAcls (30), DeleteAcls (31), v1-3 each (v0 left with Kafka 4.0,
 * KIP-896). v1 added the pattern type, v2 is flexible, v3 adds the USER resource type: the
 * three share their ACL shapes, so they share this file. */
#include "protocol/codec.h"

/* USER resources before v3 would reach a broker that cannot know them (the Java client
 * refuses them too). */
static void enc_resource_type(moldau__enc_t *e, int16_t version, int8_t type)
{
    moldau__enc_refuse_if(e, version < 3 && type == MOLDAU_ACL_RESOURCE_USER);
    moldau_w_i8(e->w, type);
}

/* The filter of DescribeAcls' request and of each DeleteAcls filter: same fields, same order. */
static void enc_filter(moldau__enc_t *e, int16_t version, const moldau_acl_filter_t *f)
{
    enc_resource_type(e, version, f->resource_type_filter);
    moldau__enc_nstr(e, f->resource_name_filter);
    moldau_w_i8(e->w, f->pattern_type_filter);
    moldau__enc_nstr(e, f->principal_filter);
    moldau__enc_nstr(e, f->host_filter);
    moldau_w_i8(e->w, f->operation);
    moldau_w_i8(e->w, f->permission_type);
}

moldau_err_t moldau_describe_acls_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_describe_acls_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_ACLS, version);
    if (err)
        return err;
    enc_filter(&e, version, req);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_describe_acls_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_ACLS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    /* type, name, pattern type, acls, tags */
    out->resources = moldau__dec_arr(&d, 1 + d.min_str + 1 + d.min_arr + d.min_tags,
                                     sizeof(*out->resources), &out->n_resources);
    for (int32_t i = 0; i < out->n_resources; i++) {
        moldau_describe_acls_response_resource_t *res = &out->resources[i];
        res->resource_type = moldau_r_i8(r);
        res->resource_name = moldau__dec_str(&d);
        res->pattern_type = moldau_r_i8(r);
        res->acls = moldau__dec_arr(&d, 2 * d.min_str + 2 + d.min_tags, sizeof(*res->acls),
                                    &res->n_acls);
        for (int32_t j = 0; j < res->n_acls; j++) {
            moldau_describe_acls_response_acl_t *acl = &res->acls[j];
            acl->principal = moldau__dec_str(&d);
            acl->host = moldau__dec_str(&d);
            acl->operation = moldau_r_i8(r);
            acl->permission_type = moldau_r_i8(r);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_create_acls_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_create_acls_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_CREATE_ACLS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->creations, req->n_creations);
    for (int32_t i = 0; i < n; i++) {
        const moldau_create_acls_request_creation_t *c = &req->creations[i];
        enc_resource_type(&e, version, c->resource_type);
        moldau__enc_str(&e, c->resource_name);
        moldau_w_i8(w, c->resource_pattern_type);
        moldau__enc_str(&e, c->principal);
        moldau__enc_str(&e, c->host);
        moldau_w_i8(w, c->operation);
        moldau_w_i8(w, c->permission_type);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_create_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_create_acls_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_CREATE_ACLS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->results = moldau__dec_arr(&d, 2 + d.min_str + d.min_tags, sizeof(*out->results),
                                   &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        out->results[i].error_code = moldau_r_i16(r);
        out->results[i].error_message = moldau__dec_nstr(&d);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_delete_acls_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_delete_acls_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DELETE_ACLS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->filters, req->n_filters);
    for (int32_t i = 0; i < n; i++) {
        enc_filter(&e, version, &req->filters[i]);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_delete_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_delete_acls_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DELETE_ACLS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->filter_results = moldau__dec_arr(&d, 2 + d.min_str + d.min_arr + d.min_tags,
                                          sizeof(*out->filter_results), &out->n_filter_results);
    for (int32_t i = 0; i < out->n_filter_results; i++) {
        moldau_delete_acls_response_filter_result_t *f = &out->filter_results[i];
        f->error_code = moldau_r_i16(r);
        f->error_message = moldau__dec_nstr(&d);
        /* error code and message, type, name, pattern type, principal, host, op, perm, tags */
        f->matching_acls = moldau__dec_arr(&d, 2 + 4 * d.min_str + 4 + d.min_tags,
                                           sizeof(*f->matching_acls), &f->n_matching_acls);
        for (int32_t j = 0; j < f->n_matching_acls; j++) {
            moldau_delete_acls_response_matching_acl_t *m = &f->matching_acls[j];
            m->error_code = moldau_r_i16(r);
            m->error_message = moldau__dec_nstr(&d);
            m->resource_type = moldau_r_i8(r);
            m->resource_name = moldau__dec_str(&d);
            m->pattern_type = moldau_r_i8(r);
            m->principal = moldau__dec_str(&d);
            m->host = moldau__dec_str(&d);
            m->operation = moldau_r_i8(r);
            m->permission_type = moldau_r_i8(r);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
