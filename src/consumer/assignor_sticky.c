/* cooperative-sticky (KIP-341 stickiness, KIP-429 incremental rebalancing):
 *  1. Each partition's previous owner is the member claiming it in its subscription's
 *     ownedPartitions, if still subscribed to the topic; of two claimants the higher
 *     generation wins, and a tie in the highest generation leaves the partition unowned.
 *  2. Owners keep their partitions; the unowned ones go one by one to the subscriber holding
 *     the fewest (ties: member order).
 *  3. While some partition's holder has at least two more than another subscriber of its
 *     topic, the partition moves (the widest gap first, then one its holder did not own, then
 *     the last one). This ends in Java's balance: among members with equal subscriptions the
 *     counts differ by at most one, and nobody can take a partition to narrow a gap.
 *  4. A partition that changed owner is left out of this round (its owner revokes it first);
 *     the follow-up rebalance gives it to a member then.
 * Where several answers are balanced, which partitions move and where they go may differ from
 * Java's choice. */
#include "consumer/assignor_internal.h"

moldau_err_t moldau__assignor_cooperative_sticky(const moldau__assignor_input_t *in,
                                                 moldau_arena_t *a,
                                                 moldau__assignor_assignment_t **out)
{
    moldau__assignor_ctx_t c;
    moldau_err_t err = moldau__assignor_ctx_init(&c, in);
    if (err)
        return err;
    size_t np = (size_t)c.n_total + 1, nm = (size_t)in->n_members + 1, nt = (size_t)c.n_topics + 1;
    int32_t *owner = c.owner;
    int32_t *prev = moldau_arena_calloc(&c.scratch, np, sizeof(*prev));
    int32_t *gen = moldau_arena_calloc(&c.scratch, np, sizeof(*gen));
    unsigned char *tie = moldau_arena_calloc(&c.scratch, np, 1);
    int32_t *count = moldau_arena_calloc(&c.scratch, nm, sizeof(*count));
    int32_t *rank = moldau_arena_calloc(&c.scratch, nm, sizeof(*rank));
    int32_t *least = moldau_arena_calloc(&c.scratch, nt, sizeof(*least));
    if (!prev || !gen || !tie || !count || !rank || !least) {
        moldau__assignor_ctx_free(&c);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (int32_t g = 0; g < c.n_total; g++)
        prev[g] = -1;
    for (int32_t i = 0; i < in->n_members; i++)
        rank[c.order[i]] = i;

    /* 1. previous owners */
    for (int32_t m = 0; m < in->n_members; m++) {
        const moldau__assignor_member_t *mm = &in->members[m];
        for (int32_t i = 0; i < mm->n_owned; i++) {
            int32_t t = mm->owned[i].topic ? moldau__assignor_topic_index(&c, mm->owned[i].topic) : -1;
            int32_t p = mm->owned[i].partition;
            if (t < 0 || p < 0 || p >= c.n_parts[t] || !moldau__assignor_subscribed(&c, m, t))
                continue;
            int32_t g = c.first[t] + p;
            if (prev[g] < 0 && !tie[g]) {
                prev[g] = m;
                gen[g] = mm->generation;
            } else if (prev[g] == m) {
                continue; /* listed twice */
            } else if (mm->generation > gen[g]) {
                prev[g] = m;
                gen[g] = mm->generation;
                tie[g] = 0;
            } else if (mm->generation == gen[g]) {
                prev[g] = -1;
                tie[g] = 1;
            }
        }
    }
    for (int32_t g = 0; g < c.n_total; g++) {
        owner[g] = prev[g];
        if (owner[g] >= 0)
            count[owner[g]]++;
    }

    /* 2. unowned partitions to the least loaded subscriber */
    for (int32_t g = 0; g < c.n_total; g++) {
        if (owner[g] >= 0)
            continue;
        int32_t best = -1;
        for (int32_t i = 0; i < in->n_members; i++) {
            int32_t m = c.order[i];
            if (moldau__assignor_subscribed(&c, m, c.topic_of[g]) && (best < 0 || count[m] < count[best]))
                best = m;
        }
        if (best >= 0) {
            owner[g] = best;
            count[best]++;
        }
    }

    /* 3. balance: each pass moves the best partition; the sum of squared counts falls */
    for (;;) {
        for (int32_t t = 0; t < c.n_topics; t++) {
            least[t] = -1;
            for (int32_t i = 0; i < in->n_members; i++) {
                int32_t m = c.order[i];
                if (moldau__assignor_subscribed(&c, m, t) && (least[t] < 0 || count[m] < count[least[t]]))
                    least[t] = m;
            }
        }
        int32_t pick = -1, pick_gap = 1, pick_owned = 1;
        for (int32_t g = 0; g < c.n_total; g++) {
            int32_t m = owner[g], to = least[c.topic_of[g]];
            if (m < 0 || to < 0)
                continue;
            int32_t gap = count[m] - count[to], was_owned = prev[g] == m;
            if (gap < 2)
                continue;
            if (gap > pick_gap || (gap == pick_gap && was_owned <= pick_owned)) {
                pick = g;
                pick_gap = gap;
                pick_owned = was_owned;
            }
        }
        if (pick < 0)
            break;
        count[owner[pick]]--;
        owner[pick] = least[c.topic_of[pick]];
        count[owner[pick]]++;
    }

    /* 4. the cooperative rule */
    for (int32_t g = 0; g < c.n_total; g++)
        if (prev[g] >= 0 && owner[g] != prev[g])
            owner[g] = -1;

    return moldau__assignor_ctx_output(&c, a, out);
}
