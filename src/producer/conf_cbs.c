/* The producer's callbacks on a configuration: stored untyped in the client's configuration
 * (client/conf.h says why), cast back in moldau_producer_new(). */
#include "client/conf.h"
#include "moldau/producer.h"

void moldau_conf_set_delivery_cb(moldau_conf_t *conf, moldau_delivery_cb *cb)
{
    moldau__conf_cbs_rw(conf)->delivery = (moldau__conf_fn *)cb;
}

void moldau_conf_set_partitioner_cb(moldau_conf_t *conf, moldau_partitioner_cb *cb)
{
    moldau__conf_cbs_rw(conf)->partitioner = (moldau__conf_fn *)cb;
}
