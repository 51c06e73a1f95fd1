/* Group membership: to come (issue 9). */
#include "consumer/group.h"

void moldau__group_commit_failed(moldau_consumer_t *c, moldau_err_t err)
{
    (void)c;
    (void)err;
}

moldau_err_t moldau__group_init(moldau_consumer_t *c, char *errstr, size_t errstr_size)
{
    (void)c;
    (void)errstr;
    (void)errstr_size;
    return MOLDAU_ERR_NONE;
}

void moldau__group_close(moldau_consumer_t *c) { (void)c; }

void moldau__group_free(moldau__group_t *g) { (void)g; }
