/* roundrobin (Java's RoundRobinAssignor): every partition of the subscribed topics, sorted by
 * topic then partition, dealt in turn around the members in member order; a member not
 * subscribed to a partition's topic is passed over (and the turn moves on past it). */
#include "consumer/assignor_internal.h"

moldau_err_t moldau__assignor_roundrobin(const moldau__assignor_input_t *in, moldau_arena_t *a,
                                         moldau__assignor_assignment_t **out)
{
    moldau__assignor_ctx_t c;
    moldau_err_t err = moldau__assignor_ctx_init(&c, in);
    if (err)
        return err;
    int32_t *owner = c.owner;
    int32_t turn = 0;
    for (int32_t g = 0; g < c.n_total; g++) {
        int32_t t = c.topic_of[g], tries = 0;
        while (tries < in->n_members && !moldau__assignor_subscribed(&c, c.order[turn], t)) {
            turn = (turn + 1) % in->n_members;
            tries++;
        }
        if (tries == in->n_members)
            continue; /* nobody subscribes to this topic: Java does not list its partitions */
        owner[g] = c.order[turn];
        turn = (turn + 1) % in->n_members;
    }
    return moldau__assignor_ctx_output(&c, a, out);
}
