/* What the share-group codecs (msg_share_*.c) have in common beyond codec.h. */
#ifndef MOLDAU_SRC_PROTOCOL_SHARE_H
#define MOLDAU_SRC_PROTOCOL_SHARE_H

#include "protocol/codec.h"

/* The Topics array of ShareFetch and ShareAcknowledge requests (the same at v1-2): topic id,
 * partitions with their acknowledgement batches. Defined in msg_share_acknowledge.c. */
void moldau__enc_share_ack_topics(moldau__enc_t *e, const moldau_share_ack_topic_t *t,
                                  int32_t n);

#endif
