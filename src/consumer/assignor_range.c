/* range (Java's RangeAssignor without rack matching): per topic, its subscribers in member
 * order; with n partitions and c subscribers each gets n / c consecutive partitions and the
 * first n % c one more. */
#include <stdlib.h>

#include "consumer/assignor_internal.h"

moldau_err_t moldau__assignor_range(const moldau__assignor_input_t *in, moldau_arena_t *a,
                                    moldau__assignor_assignment_t **out)
{
    moldau__assignor_ctx_t c;
    moldau_err_t err = moldau__assignor_ctx_init(&c, in);
    if (err)
        return err;
    int32_t *owner = c.owner;
    for (int32_t t = 0; t < c.n_topics; t++) {
        int32_t subs = 0;
        for (int32_t i = 0; i < in->n_members; i++)
            subs += moldau__assignor_subscribed(&c, c.order[i], t);
        if (!subs)
            continue;
        int32_t per = c.n_parts[t] / subs, extra = c.n_parts[t] % subs, next = c.first[t], k = 0;
        for (int32_t i = 0; i < in->n_members; i++) {
            int32_t m = c.order[i];
            if (!moldau__assignor_subscribed(&c, m, t))
                continue;
            for (int32_t n = per + (k++ < extra); n > 0; n--)
                owner[next++] = m;
        }
    }
    return moldau__assignor_ctx_output(&c, a, out);
}
