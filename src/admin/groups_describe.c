/* moldau_admin_describe_groups: ConsumerGroupDescribe to each group's coordinator, then, as
 * the Java client does, DescribeGroups for the groups it does not know as consumer groups
 * (classic groups: GROUP_ID_NOT_FOUND) or when the broker lacks the API, and last
 * ShareGroupDescribe for those neither knows (share groups, KIP-932). */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(cgd, moldau_consumer_group_describe_request_t,
                      moldau_consumer_group_describe_request_encode,
                      moldau_consumer_group_describe_response_t,
                      moldau_consumer_group_describe_response_decode)
MOLDAU__REQUEST_CODEC(sgd, moldau_share_group_describe_request_t,
                      moldau_share_group_describe_request_encode,
                      moldau_share_group_describe_response_t,
                      moldau_share_group_describe_response_decode)
MOLDAU__REQUEST_CODEC(dgr, moldau_describe_groups_request_t,
                      moldau_describe_groups_request_encode, moldau_describe_groups_response_t,
                      moldau_describe_groups_response_decode)

/* Both requests carry one group: its error decides the retries (NOT_COORDINATOR, ...). */
static moldau_err_t cgd_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_consumer_group_describe_response_t *r = body;
    return r->n_groups > 0 ? moldau__admin_code_err(r->groups[0].error_code) : MOLDAU_ERR_NONE;
}

static moldau_err_t sgd_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_share_group_describe_response_t *r = body;
    return r->n_groups > 0 ? moldau__admin_code_err(r->groups[0].error_code) : MOLDAU_ERR_NONE;
}

static moldau_err_t dgr_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_describe_groups_response_t *r = body;
    return r->n_groups > 0 ? moldau__admin_code_err(r->groups[0].error_code) : MOLDAU_ERR_NONE;
}

/* The passes, in order. */
enum { PASS_CONSUMER, PASS_CLASSIC, PASS_SHARE };

typedef struct dgr_call {
    moldau_admin_t *a;
    const char *const *groups;
    int kind; /* this pass: PASS_* */
} dgr_call_t;

static moldau__request_t *request_for(void *ctx, size_t i)
{
    const dgr_call_t *c = ctx;
    int classic = c->kind == PASS_CLASSIC;
    moldau__request_t *req =
        classic ? moldau__request_new(c->a->client, MOLDAU_API_DESCRIBE_GROUPS, dgr_encode,
                                      dgr_decode, dgr_error)
        : c->kind == PASS_SHARE
            ? moldau__request_new(c->a->client, MOLDAU_API_SHARE_GROUP_DESCRIBE, sgd_encode,
                                  sgd_decode, sgd_error)
            : moldau__request_new(c->a->client, MOLDAU_API_CONSUMER_GROUP_DESCRIBE, cgd_encode,
                                  cgd_decode, cgd_error);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    const char **ids = moldau_arena_calloc(arena, 1, sizeof(*ids));
    void *body = moldau_arena_calloc(arena, 1, classic ? sizeof(moldau_describe_groups_request_t)
                                                       : sizeof(moldau_group_describe_request_t));
    if (!ids || !body || !(ids[0] = moldau_arena_strndup(arena, c->groups[i], strlen(c->groups[i])))) {
        moldau__request_destroy(req);
        return NULL;
    }
    if (classic) {
        moldau_describe_groups_request_t *b = body;
        b->groups = ids;
        b->n_groups = 1;
    } else {
        moldau_group_describe_request_t *b = body;
        b->group_ids = ids;
        b->n_group_ids = 1;
    }
    moldau__request_set_body(req, body);
    return req;
}

/* The partitions of an assignment as result items; -1 when out of memory. */
static int from_assignment(void *res, const moldau_group_describe_assignment_t *as,
                           moldau_admin_topic_partition_t *const **out, size_t *n_out)
{
    size_t n = 0;
    for (int32_t t = 0; t < as->n_topic_partitions; t++)
        n += as->topic_partitions[t].n_partitions > 0 ? (size_t)as->topic_partitions[t].n_partitions
                                                      : 0;
    moldau_admin_topic_partition_t **tps =
        (moldau_admin_topic_partition_t **)moldau__admin_result_items(res, n, sizeof(**tps));
    if (!tps)
        return -1;
    size_t k = 0;
    for (int32_t t = 0; t < as->n_topic_partitions; t++)
        for (int32_t p = 0; p < as->topic_partitions[t].n_partitions; p++)
            *tps[k++] = (moldau_admin_topic_partition_t){
                as->topic_partitions[t].topic_name ? as->topic_partitions[t].topic_name : "",
                as->topic_partitions[t].partitions[p]};
    *out = tps;
    *n_out = n;
    return 0;
}

/* The consumer protocol's assignment payload as result items: 0, -1 when out of memory, 1
 * when it does not parse. */
static int from_payload(void *res, moldau_bytes_t payload,
                        moldau_admin_topic_partition_t *const **out, size_t *n_out)
{
    moldau_consumer_protocol_assignment_t as = {0};
    if (payload.len > 0) {
        moldau_reader_t r;
        moldau_reader_init(&r, payload.data, (size_t)payload.len);
        if (moldau_consumer_protocol_assignment_decode(&r, moldau__admin_result_arena(res), &as))
            return 1;
    }
    size_t n = 0;
    for (int32_t t = 0; t < as.n_assigned_partitions; t++)
        n += as.assigned_partitions[t].n_partitions > 0
                 ? (size_t)as.assigned_partitions[t].n_partitions
                 : 0;
    moldau_admin_topic_partition_t **tps =
        (moldau_admin_topic_partition_t **)moldau__admin_result_items(res, n, sizeof(**tps));
    if (!tps)
        return -1;
    size_t k = 0;
    for (int32_t t = 0; t < as.n_assigned_partitions; t++)
        for (int32_t p = 0; p < as.assigned_partitions[t].n_partitions; p++)
            *tps[k++] = (moldau_admin_topic_partition_t){
                as.assigned_partitions[t].topic ? as.assigned_partitions[t].topic : "",
                as.assigned_partitions[t].partitions[p]};
    *out = tps;
    *n_out = n;
    return 0;
}

/* Who a member is, in both answers (NULL strings but the instance id as ""). */
static void member_ids(moldau_admin_group_member_t *m, const char *member_id,
                       const char *instance_id, const char *client_id, const char *host,
                       int32_t epoch)
{
    m->member_id = member_id ? member_id : "";
    m->group_instance_id = instance_id;
    m->client_id = client_id ? client_id : "";
    m->host = host ? host : "";
    m->member_epoch = epoch;
}

/* What ConsumerGroupDescribe and ShareGroupDescribe answer alike (KIP-848's group fields). */
static void set_group(moldau_admin_group_description_t *item, const char *type,
                      const char *state, const char *assignor, int32_t group_epoch,
                      int32_t assignment_epoch, moldau_admin_group_member_t **ms, size_t n)
{
    item->type = type;
    item->state = state ? state : "";
    item->protocol_type = type;
    item->assignor = assignor ? assignor : "";
    item->group_epoch = group_epoch;
    item->assignment_epoch = assignment_epoch;
    item->members = ms;
    item->n_members = n;
}

/* Item from a ConsumerGroupDescribe answer; -1 when out of memory. */
static int fill_consumer(void *res, moldau_admin_group_description_t *item,
                         const moldau_consumer_group_describe_group_t *g)
{
    size_t n = g->n_members > 0 ? (size_t)g->n_members : 0;
    moldau_admin_group_member_t **ms =
        (moldau_admin_group_member_t **)moldau__admin_result_items(res, n, sizeof(**ms));
    if (!ms)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const moldau_consumer_group_describe_member_t *gm = &g->members[i];
        member_ids(ms[i], gm->member_id, gm->instance_id, gm->client_id, gm->client_host,
                   gm->member_epoch);
        if (from_assignment(res, &gm->assignment, &ms[i]->assignment, &ms[i]->n_assignment) ||
            from_assignment(res, &gm->target_assignment, &ms[i]->target_assignment,
                            &ms[i]->n_target_assignment))
            return -1;
    }
    set_group(item, "consumer", g->group_state, g->assignor_name, g->group_epoch,
              g->assignment_epoch, ms, n);
    return 0;
}

/* Item from a ShareGroupDescribe answer; -1 when out of memory. */
static int fill_share(void *res, moldau_admin_group_description_t *item,
                      const moldau_share_group_describe_group_t *g)
{
    size_t n = g->n_members > 0 ? (size_t)g->n_members : 0;
    moldau_admin_group_member_t **ms =
        (moldau_admin_group_member_t **)moldau__admin_result_items(res, n, sizeof(**ms));
    if (!ms)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const moldau_share_group_describe_member_t *gm = &g->members[i];
        member_ids(ms[i], gm->member_id, NULL, gm->client_id, gm->client_host, gm->member_epoch);
        if (from_assignment(res, &gm->assignment, &ms[i]->assignment, &ms[i]->n_assignment))
            return -1;
    }
    set_group(item, "share", g->group_state, g->assignor_name, g->group_epoch,
              g->assignment_epoch, ms, n);
    return 0;
}

/* Item from a DescribeGroups answer; -1 when out of memory. */
static int fill_classic(void *res, moldau_admin_group_description_t *item,
                        const moldau_describe_groups_response_group_t *g)
{
    size_t n = g->n_members > 0 ? (size_t)g->n_members : 0;
    moldau_admin_group_member_t **ms =
        (moldau_admin_group_member_t **)moldau__admin_result_items(res, n, sizeof(**ms));
    if (!ms)
        return -1;
    int consumer = g->protocol_type && strcmp(g->protocol_type, "consumer") == 0;
    for (size_t i = 0; i < n; i++) {
        const moldau_describe_groups_response_member_t *gm = &g->members[i];
        member_ids(ms[i], gm->member_id, gm->group_instance_id, gm->client_id, gm->client_host,
                   -1);
        if (!consumer)
            continue; /* another protocol's payload (e.g. Connect's): not ours to read */
        int rc = from_payload(res, gm->member_assignment, &ms[i]->assignment,
                              &ms[i]->n_assignment);
        if (rc < 0)
            return -1;
        if (rc > 0 && !item->err) {
            item->err = MOLDAU_ERR__BAD_MSG;
            item->errmsg = "a member's assignment is not in the consumer protocol's layout";
        }
    }
    item->type = "classic";
    item->state = g->group_state ? g->group_state : "";
    item->protocol_type = g->protocol_type ? g->protocol_type : "";
    item->assignor = g->protocol_data ? g->protocol_data : "";
    item->members = ms;
    item->n_members = n;
    return 0;
}

/* 1 when ConsumerGroupDescribe's answer for a group sends it to DescribeGroups. */
static int falls_back(moldau_err_t err)
{
    return err == MOLDAU_ERR_GROUP_ID_NOT_FOUND || err == MOLDAU_ERR_UNSUPPORTED_VERSION ||
           err == MOLDAU_ERR__UNSUPPORTED_VERSION || err == MOLDAU_ERR__UNSUPPORTED_FEATURE;
}

/* One pass over the groups with send[i] set; clears send[i] of the groups done. */
static moldau_err_t pass(dgr_call_t *c, size_t n, int *send, void *res,
                         moldau_admin_group_description_t **items, int timeout_ms)
{
    moldau_err_t *err_of = calloc(n, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n, sizeof(*resp_of));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (err_of && resp_of)
        err = moldau__admin_per_group(c->groups, n, send, timeout_ms, request_for, c, res,
                                      err_of, resp_of);
    /* a call fails as a whole only when no coordinator answered: the first pass's did */
    int answered = 0;
    for (size_t i = 0; c->kind != PASS_CONSUMER && i < n; i++)
        answered |= !send[i];
    if (err == MOLDAU_ERR__TIMED_OUT && answered) {
        for (size_t i = 0; i < n; i++)
            err_of[i] = MOLDAU_ERR__TIMED_OUT;
        err = MOLDAU_ERR_NONE;
    }
    for (size_t i = 0; !err && i < n; i++) {
        if (!send[i])
            continue;
        moldau_admin_group_description_t *item = items[i];
        const moldau__response_t *resp = resp_of[i];
        item->err = err_of[i];
        item->errmsg = NULL;
        item->coordinator = resp ? resp->node_id : -1;
        int found = 0, rc = 0;
        if (resp && c->kind == PASS_SHARE) {
            const moldau_share_group_describe_response_t *r = resp->body;
            for (int32_t k = 0; k < r->n_groups && !found; k++) {
                const moldau_share_group_describe_group_t *g = &r->groups[k];
                if (!g->group_id || strcmp(g->group_id, c->groups[i]) != 0)
                    continue;
                found = 1;
                item->err = (moldau_err_t)g->error_code;
                item->errmsg = moldau__admin_errmsg(item->err, g->error_message);
                if (!item->err)
                    rc = fill_share(res, item, g);
            }
        } else if (resp && c->kind == PASS_CONSUMER) {
            const moldau_consumer_group_describe_response_t *r = resp->body;
            for (int32_t k = 0; k < r->n_groups && !found; k++) {
                const moldau_consumer_group_describe_group_t *g = &r->groups[k];
                if (!g->group_id || strcmp(g->group_id, c->groups[i]) != 0)
                    continue;
                found = 1;
                item->err = (moldau_err_t)g->error_code;
                item->errmsg = moldau__admin_errmsg(item->err, g->error_message);
                if (!item->err)
                    rc = fill_consumer(res, item, g);
            }
        } else if (resp) {
            const moldau_describe_groups_response_t *r = resp->body;
            for (int32_t k = 0; k < r->n_groups && !found; k++) {
                const moldau_describe_groups_response_group_t *g = &r->groups[k];
                if (!g->group_id || strcmp(g->group_id, c->groups[i]) != 0)
                    continue;
                found = 1;
                item->err = (moldau_err_t)g->error_code;
                item->errmsg = moldau__admin_errmsg(item->err, g->error_message);
                /* brokers before DescribeGroups v6 say Dead for no such group */
                if (!item->err && g->group_state && strcmp(g->group_state, "Dead") == 0) {
                    item->err = MOLDAU_ERR_GROUP_ID_NOT_FOUND;
                    item->errmsg = moldau__admin_errmsg(item->err, NULL);
                }
                if (!item->err)
                    rc = fill_classic(res, item, g);
            }
        }
        if (rc < 0) {
            err = MOLDAU_ERR__NO_MEMORY;
            break;
        }
        if (resp && !found) {
            item->err = MOLDAU_ERR__BAD_MSG;
            item->errmsg = "the broker's answer left this group out";
        } else if (!resp) {
            item->errmsg = moldau__admin_errmsg(item->err, NULL);
        }
        /* on to the next pass: a consumer pass's fallbacks; what DescribeGroups does not know
         * either may be a share group */
        send[i] = c->kind == PASS_CONSUMER ? falls_back(item->err)
                  : c->kind == PASS_CLASSIC ? item->err == MOLDAU_ERR_GROUP_ID_NOT_FOUND
                                            : 0;
    }
    free(err_of);
    free(resp_of);
    return err;
}

moldau_err_t moldau_admin_describe_groups(moldau_admin_t *a, const char *const *groups,
                                          size_t n_groups, int timeout_ms,
                                          moldau_admin_group_descriptions_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_groups(a, "DescribeGroups", groups, n_groups);
    if (err)
        return err;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_admin_group_descriptions_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_group_description_t **items =
        res ? (moldau_admin_group_description_t **)moldau__admin_result_items(res, n_groups,
                                                                              sizeof(**items))
            : NULL;
    int *send = calloc(n_groups, sizeof(*send));
    int oom = !items || !send;
    for (size_t i = 0; !oom && i < n_groups; i++) {
        items[i]->group_id = moldau__admin_result_str(res, groups[i], &oom);
        items[i]->coordinator = items[i]->group_epoch = items[i]->assignment_epoch = -1;
        send[i] = 1;
    }
    err = oom ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    dgr_call_t c = {a, groups, PASS_CONSUMER};
    if (!err)
        err = pass(&c, n_groups, send, res, items, moldau__admin_left(deadline));
    c.kind = PASS_CLASSIC;
    if (!err)
        err = pass(&c, n_groups, send, res, items, moldau__admin_left(deadline));
    /* a broker without share groups answers UNSUPPORTED_VERSION: the group is then not found */
    moldau_err_t *not_found = calloc(n_groups, sizeof(*not_found));
    if (!err && !not_found)
        err = MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; !err && i < n_groups; i++)
        not_found[i] = send[i] ? items[i]->err : MOLDAU_ERR_NONE;
    c.kind = PASS_SHARE;
    if (!err)
        err = pass(&c, n_groups, send, res, items, moldau__admin_left(deadline));
    for (size_t i = 0; !err && i < n_groups; i++)
        if (not_found[i] && items[i]->err != MOLDAU_ERR_NONE &&
            items[i]->err != MOLDAU_ERR_GROUP_ID_NOT_FOUND && falls_back(items[i]->err)) {
            items[i]->err = not_found[i];
            items[i]->errmsg = moldau__admin_errmsg(not_found[i], NULL);
        }
    free(not_found);
    free(send);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    res->items = items;
    res->n_items = n_groups;
    *out = res;
    return MOLDAU_ERR_NONE;
}
