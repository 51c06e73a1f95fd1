/* Offsets: to come (issue 9). */
#include "consumer/offsets.h"

moldau_err_t moldau__offsets_commit_positions_sync(moldau_consumer_t *c,
                                                   const moldau_partition_list_t *only,
                                                   int timeout_ms)
{
    (void)c;
    (void)only;
    (void)timeout_ms;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__offsets_init(moldau_consumer_t *c, char *errstr, size_t errstr_size)
{
    (void)c;
    (void)errstr;
    (void)errstr_size;
    return MOLDAU_ERR_NONE;
}

void moldau__offsets_close(moldau_consumer_t *c) { (void)c; }

void moldau__offsets_free(moldau__offsets_t *o) { (void)o; }
