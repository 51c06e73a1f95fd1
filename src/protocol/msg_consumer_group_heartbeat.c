/* ConsumerGroupHeartbeat (key 68), v0-1: the KIP-848 consumer protocol, where the coordinator
 * assigns and the member heartbeats its state. v1 adds SubscribedTopicRegex (not ignorable:
 * dropping it would change the subscription) and has the member generate its own id
 * (KIP-1082). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_consumer_group_heartbeat_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_group_heartbeat_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 1 && req->subscribed_topic_regex);
    moldau__enc_str(&e, req->group_id);
    moldau__enc_str(&e, req->member_id);
    moldau_w_i32(w, req->member_epoch);
    moldau__enc_nstr(&e, req->instance_id);
    moldau__enc_nstr(&e, req->rack_id);
    moldau_w_i32(w, req->rebalance_timeout_ms);
    int32_t ns = moldau__enc_narr(&e, req->subscribed_topic_names, req->n_subscribed_topic_names);
    for (int32_t i = 0; i < ns; i++)
        moldau__enc_str(&e, req->subscribed_topic_names[i]);
    if (version >= 1)
        moldau__enc_nstr(&e, req->subscribed_topic_regex);
    moldau__enc_nstr(&e, req->server_assignor);
    moldau__enc_topic_id_partitions(&e, 1, req->topic_partitions, req->n_topic_partitions);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_consumer_group_heartbeat_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_consumer_group_heartbeat_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, version);
    if (err)
        return err;
    moldau__dec_heartbeat_response(&d, out);
    return moldau__dec_end(&d);
}
