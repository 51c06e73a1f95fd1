/* moldau_admin_describe_cluster (DescribeCluster, Metadata before it existed) and
 * moldau_admin_describe_features (ApiVersions), both from any broker. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"
#include "moldau/version.h"

MOLDAU__REQUEST_CODEC(dcl, moldau_describe_cluster_request_t,
                      moldau_describe_cluster_request_encode, moldau_describe_cluster_response_t,
                      moldau_describe_cluster_response_decode)
MOLDAU__REQUEST_CODEC(av, moldau_api_versions_request_t, moldau_api_versions_request_encode,
                      moldau_api_versions_response_t, moldau_api_versions_response_decode)

static moldau_err_t from_metadata(moldau_admin_t *a, int timeout,
                                  moldau_admin_cluster_description_t **out)
{
    moldau_metadata_t *md;
    moldau_err_t err = moldau_client_metadata(a->client, NULL, 0, timeout, &md);
    if (err)
        return err;
    moldau_admin_cluster_description_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_metadata_broker_t **bs =
        res ? (moldau_metadata_broker_t **)moldau__admin_result_items(
                  res, (size_t)md->n_brokers, sizeof(**bs))
            : NULL;
    int oom = !bs;
    for (int i = 0; !oom && i < md->n_brokers; i++) {
        *bs[i] = *md->brokers[i];
        bs[i]->host = moldau__admin_result_str(res, md->brokers[i]->host, &oom);
        bs[i]->rack = moldau__admin_result_str(res, md->brokers[i]->rack, &oom);
    }
    if (!oom) {
        res->cluster_id = moldau__admin_result_str(res, md->cluster_id, &oom);
        res->controller_id = md->controller_id;
        res->brokers = bs;
        res->n_brokers = (size_t)md->n_brokers;
    }
    moldau_metadata_destroy(md);
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_admin_describe_cluster(moldau_admin_t *a, int timeout_ms,
                                           moldau_admin_cluster_description_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    int timeout = moldau__admin_timeout(a, timeout_ms);
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_DESCRIBE_CLUSTER,
                                                 dcl_encode, dcl_decode, NULL);
    moldau_describe_cluster_request_t *body =
        req ? moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body)) : NULL;
    if (!body) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    *body = MOLDAU_DESCRIBE_CLUSTER_REQUEST_INIT;
    moldau__request_set_body(req, body);
    moldau__response_t *resp;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_err_t err = moldau__request_sync(req, timeout, &resp);
    if (err == MOLDAU_ERR__UNSUPPORTED_VERSION || err == MOLDAU_ERR__UNSUPPORTED_FEATURE)
        return from_metadata(a, moldau__admin_left(deadline), out); /* a broker before 2.8 */
    if (err)
        return err;
    const moldau_describe_cluster_response_t *r = resp->body;
    if (r->error_code) {
        err = (moldau_err_t)r->error_code;
        moldau__admin_dbg(a, "DescribeCluster: %s", r->error_message ? r->error_message : "");
        moldau__response_free(resp);
        return err;
    }
    moldau_admin_cluster_description_t *res = moldau__admin_result_holding(sizeof(*res), resp);
    if (!res)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_metadata_broker_t **bs = (moldau_metadata_broker_t **)moldau__admin_result_items(
        res, r->n_brokers > 0 ? (size_t)r->n_brokers : 0, sizeof(**bs));
    if (!bs) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (int32_t i = 0; i < r->n_brokers; i++)
        *bs[i] = (moldau_metadata_broker_t){r->brokers[i].broker_id, r->brokers[i].host,
                                            (int)r->brokers[i].port, r->brokers[i].rack};
    res->cluster_id = r->cluster_id;
    res->controller_id = r->controller_id;
    res->brokers = bs;
    res->n_brokers = r->n_brokers > 0 ? (size_t)r->n_brokers : 0;
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_admin_describe_features(moldau_admin_t *a, int timeout_ms,
                                            moldau_admin_features_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_API_VERSIONS, av_encode, av_decode, NULL);
    moldau_api_versions_request_t *body =
        req ? moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body)) : NULL;
    if (!body) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    body->client_software_name = "moldau";
    body->client_software_version = MOLDAU_VERSION_STR;
    moldau__request_set_body(req, body);
    moldau__response_t *resp;
    moldau_err_t err = moldau__request_sync(req, moldau__admin_timeout(a, timeout_ms), &resp);
    if (err)
        return err;
    const moldau_api_versions_response_t *r = resp->body;
    if (r->error_code) {
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    moldau_admin_features_t *res = moldau__admin_result_holding(sizeof(*res), resp);
    if (!res)
        return MOLDAU_ERR__NO_MEMORY;
    size_t n_fin = r->n_finalized_features > 0 ? (size_t)r->n_finalized_features : 0;
    size_t n_sup = r->n_supported_features > 0 ? (size_t)r->n_supported_features : 0;
    moldau_admin_finalized_feature_t **fin =
        (moldau_admin_finalized_feature_t **)moldau__admin_result_items(res, n_fin,
                                                                        sizeof(**fin));
    moldau_admin_supported_feature_t **sup =
        (moldau_admin_supported_feature_t **)moldau__admin_result_items(res, n_sup,
                                                                        sizeof(**sup));
    if (!fin || !sup) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_fin; i++)
        *fin[i] = (moldau_admin_finalized_feature_t){r->finalized_features[i].name,
                                                     r->finalized_features[i].min_version_level,
                                                     r->finalized_features[i].max_version_level};
    for (size_t i = 0; i < n_sup; i++)
        *sup[i] = (moldau_admin_supported_feature_t){r->supported_features[i].name,
                                                     r->supported_features[i].min_version,
                                                     r->supported_features[i].max_version};
    res->finalized = fin;
    res->n_finalized = n_fin;
    res->finalized_epoch = r->finalized_features_epoch;
    res->supported = sup;
    res->n_supported = n_sup;
    *out = res;
    return MOLDAU_ERR_NONE;
}
