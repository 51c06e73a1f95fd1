/* The client quota entity (EntityData: type, nullable name) that DescribeClientQuotas and
 * AlterClientQuotas share. Defined in msg_alter_client_quotas.c. */
#ifndef MOLDAU_SRC_PROTOCOL_CLIENT_QUOTA_H
#define MOLDAU_SRC_PROTOCOL_CLIENT_QUOTA_H

#include "protocol/codec.h"

/* A non-nullable array of entity parts, each followed by its tag section. */
void moldau__enc_quota_entity(moldau__enc_t *e, const moldau_client_quota_entity_t *v,
                              int32_t n);
/* The same read into the arena; *n gets the count. */
moldau_client_quota_entity_t *moldau__dec_quota_entity(moldau__dec_t *d, int32_t *n);

#endif
