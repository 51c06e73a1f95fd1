/* The partition assignors: hand-made cases with Java's documented answers (RangeAssignor and
 * RoundRobinAssignor javadoc), properties on seeded random groups (every subscribed partition
 * once, only to a subscriber, balance, stickiness over successive rebalances, the cooperative
 * rule), edge cases, and a large group in reasonable time. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "consumer/assignor.h"

/* "t0-0 t0-1 t1-0" */
static const char *render(const moldau__assignor_assignment_t *as, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < as->n_partitions && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s-%d", i ? " " : "", as->partitions[i].topic,
                              as->partitions[i].partition);
    return buf;
}

static moldau__assignor_assignment_t *run(const moldau__assignor_t *asg,
                                          const moldau__assignor_member_t *m, int32_t nm,
                                          const moldau__assignor_topic_t *t, int32_t nt,
                                          moldau_arena_t *a)
{
    moldau__assignor_input_t in = {m, nm, t, nt};
    moldau__assignor_assignment_t *out = NULL;
    ck_assert_int_eq(asg->assign(&in, a, &out), MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(out);
    return out;
}

static const char *const T01[] = {"t0", "t1"};
static const moldau__assignor_topic_t topics_3_3[] = {{"t0", 3}, {"t1", 3}};

START_TEST(range_java_example)
{
    /* RangeAssignor's javadoc: C0 [t0p0, t0p1, t1p0, t1p1], C1 [t0p2, t1p2]. */
    moldau__assignor_member_t m[] = {{.member_id = "C1", .topics = T01, .n_topics = 2, .generation = -1},
                                     {.member_id = "C0", .topics = T01, .n_topics = 2, .generation = -1}};
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau__assignor_assignment_t *out = run(moldau__assignor_find("range"), m, 2, topics_3_3, 2, &a);
    char b[256];
    ck_assert_str_eq(render(&out[1], b, sizeof(b)), "t0-0 t0-1 t1-0 t1-1");
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t0-2 t1-2");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(range_static_members_first)
{
    /* Static members sort by group.instance.id, before dynamic ones (by member id). */
    moldau__assignor_member_t m[] = {
        {.member_id = "a", .topics = T01, .n_topics = 1, .generation = -1},
        {.member_id = "z", .instance_id = "i2", .topics = T01, .n_topics = 1, .generation = -1},
        {.member_id = "y", .instance_id = "i1", .topics = T01, .n_topics = 1, .generation = -1}};
    moldau__assignor_topic_t t[] = {{"t0", 4}};
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau__assignor_assignment_t *out = run(moldau__assignor_find("range"), m, 3, t, 1, &a);
    char b[256];
    ck_assert_str_eq(render(&out[2], b, sizeof(b)), "t0-0 t0-1");
    ck_assert_str_eq(render(&out[1], b, sizeof(b)), "t0-2");
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t0-3");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(roundrobin_java_examples)
{
    char b[256];
    moldau_arena_t a;
    moldau_arena_init(&a);
    /* Equal subscriptions: C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2]. */
    moldau__assignor_member_t m[] = {{.member_id = "C0", .topics = T01, .n_topics = 2, .generation = -1},
                                     {.member_id = "C1", .topics = T01, .n_topics = 2, .generation = -1}};
    moldau__assignor_assignment_t *out = run(moldau__assignor_find("roundrobin"), m, 2, topics_3_3, 2, &a);
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t0-0 t0-2 t1-1");
    ck_assert_str_eq(render(&out[1], b, sizeof(b)), "t0-1 t1-0 t1-2");
    /* Different subscriptions: C0 [t0], C1 [t0, t1], C2 [t0, t1, t2]; t0 1, t1 2, t2 3
     * partitions: C0 [t0p0], C1 [t1p0], C2 [t1p1, t2p0, t2p1, t2p2]. */
    static const char *const T012[] = {"t0", "t1", "t2"};
    moldau__assignor_member_t m3[] = {{.member_id = "C2", .topics = T012, .n_topics = 3, .generation = -1},
                                      {.member_id = "C0", .topics = T012, .n_topics = 1, .generation = -1},
                                      {.member_id = "C1", .topics = T012, .n_topics = 2, .generation = -1}};
    moldau__assignor_topic_t t3[] = {{"t2", 3}, {"t1", 2}, {"t0", 1}};
    out = run(moldau__assignor_find("roundrobin"), m3, 3, t3, 3, &a);
    ck_assert_str_eq(render(&out[1], b, sizeof(b)), "t0-0");
    ck_assert_str_eq(render(&out[2], b, sizeof(b)), "t1-0");
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t1-1 t2-0 t2-1 t2-2");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(lookup_by_name)
{
    ck_assert_int_eq(moldau__assignor_find("range")->protocol, MOLDAU__REBALANCE_EAGER);
    ck_assert_int_eq(moldau__assignor_find("roundrobin")->protocol, MOLDAU__REBALANCE_EAGER);
    ck_assert_int_eq(moldau__assignor_find("cooperative-sticky")->protocol, MOLDAU__REBALANCE_COOPERATIVE);
    ck_assert_str_eq(moldau__assignor_find("org.apache.kafka.clients.consumer.RoundRobinAssignor")->name,
                     "roundrobin");
    ck_assert_ptr_eq(moldau__assignor_find("org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
                     moldau__assignor_find("cooperative-sticky"));
    ck_assert_ptr_null(moldau__assignor_find("sticky"));
    ck_assert_ptr_null(moldau__assignor_find("Range"));
    ck_assert_ptr_null(moldau__assignor_find(NULL));
}
END_TEST

START_TEST(edge_cases)
{
    const moldau__assignor_t *asg = moldau__assignor_find(_i == 0 ? "range" : _i == 1 ? "roundrobin" : "cooperative-sticky");
    moldau_arena_t a;
    moldau_arena_init(&a);
    char b[256];
    /* no members */
    moldau__assignor_input_t in = {NULL, 0, topics_3_3, 2};
    moldau__assignor_assignment_t *out = NULL;
    ck_assert_int_eq(asg->assign(&in, &a, &out), MOLDAU_ERR_NONE);
    /* a topic with 0 partitions, one unknown, one nobody subscribes to, an owned partition
     * out of range and one of an unknown topic */
    static const char *const subs[] = {"empty", "gone", "t0", "t0"};
    moldau__assignor_tp_t owned[] = {{"t0", 7}, {"gone", 0}, {"t0", 1}};
    moldau__assignor_member_t m[] = {{.member_id = "m", .topics = subs, .n_topics = 4,
                                      .owned = owned, .n_owned = 3, .generation = 1}};
    moldau__assignor_topic_t t[] = {{"empty", 0}, {"t0", 2}, {"other", 5}, {"neg", -1}};
    out = run(asg, m, 1, t, 4, &a);
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t0-0 t0-1");
    /* invalid input */
    moldau__assignor_member_t bad[] = {{.member_id = NULL, .generation = -1}};
    in = (moldau__assignor_input_t){bad, 1, t, 4};
    ck_assert_int_eq(asg->assign(&in, &a, &out), MOLDAU_ERR__INVALID_ARG);
    moldau_arena_free(&a);
}
END_TEST

/* ---- properties on random groups ----------------------------------------------------------- */

#define MAXM 60
#define MAXT 8
#define MAXP 1100

typedef struct group {
    int32_t nm, nt;
    char ids[MAXM][24];
    const char *subs[MAXM][MAXT];
    moldau__assignor_member_t m[MAXM];
    moldau__assignor_tp_t owned[MAXM][MAXP];
    char tnames[MAXT][16];
    moldau__assignor_topic_t t[MAXT];
} group_t;

static uint32_t rng = 12345;
static uint32_t rnd(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

static void make_group(group_t *g, int32_t nm, int32_t nt, int32_t maxparts, int same_subs)
{
    memset(g, 0, sizeof(*g));
    g->nm = nm;
    g->nt = nt;
    for (int32_t t = 0; t < nt; t++) {
        snprintf(g->tnames[t], sizeof(g->tnames[t]), "t%d", t);
        g->t[t].name = g->tnames[t];
        g->t[t].n_partitions = (int32_t)rnd((uint32_t)maxparts + 1);
    }
    for (int32_t i = 0; i < nm; i++) {
        snprintf(g->ids[i], sizeof(g->ids[i]), "m%03u", rnd(1000));
        g->ids[i][15] = '\0';
        g->m[i].member_id = g->ids[i];
        g->m[i].generation = -1;
        g->m[i].topics = g->subs[i];
        g->m[i].owned = g->owned[i];
        for (int32_t t = 0; t < nt; t++)
            if (same_subs || rnd(2))
                g->subs[i][g->m[i].n_topics++] = g->tnames[t];
    }
}

static int subscribes(const moldau__assignor_member_t *m, const char *topic)
{
    for (int32_t i = 0; i < m->n_topics; i++)
        if (strcmp(m->topics[i], topic) == 0)
            return 1;
    return 0;
}

/* Every partition at most once (exactly once if `complete`), only to a subscriber; returns how
 * many were assigned. */
static int32_t check_valid(const group_t *g, const moldau__assignor_assignment_t *out, int complete)
{
    static int32_t seen[MAXT][MAXP];
    memset(seen, 0, sizeof(seen));
    int32_t n = 0;
    for (int32_t i = 0; i < g->nm; i++)
        for (int32_t k = 0; k < out[i].n_partitions; k++) {
            const moldau__assignor_tp_t *tp = &out[i].partitions[k];
            ck_assert(subscribes(&g->m[i], tp->topic));
            int32_t t = atoi(tp->topic + 1);
            ck_assert_int_lt(tp->partition, g->t[t].n_partitions);
            ck_assert_int_eq(seen[t][tp->partition]++, 0);
            if (k)
                ck_assert(strcmp(out[i].partitions[k - 1].topic, tp->topic) < 0 ||
                          (strcmp(out[i].partitions[k - 1].topic, tp->topic) == 0 &&
                           out[i].partitions[k - 1].partition < tp->partition));
            n++;
        }
    if (complete)
        for (int32_t t = 0; t < g->nt; t++)
            for (int32_t p = 0; p < g->t[t].n_partitions; p++) {
                int any = 0;
                for (int32_t i = 0; i < g->nm; i++)
                    any |= subscribes(&g->m[i], g->tnames[t]);
                ck_assert_int_eq(seen[t][p], any);
            }
    return n;
}

/* Balanced as Java's sticky assignors mean it: no partition could move to another subscriber
 * of its topic holding at least two fewer. With equal subscriptions: counts within one. */
static void check_balanced(const group_t *g, const moldau__assignor_assignment_t *out)
{
    for (int32_t i = 0; i < g->nm; i++)
        for (int32_t k = 0; k < out[i].n_partitions; k++)
            for (int32_t j = 0; j < g->nm; j++)
                if (subscribes(&g->m[j], out[i].partitions[k].topic))
                    ck_assert_int_lt(out[i].n_partitions - out[j].n_partitions, 2);
}

/* The next generation's subscriptions: each member owns what it was assigned. */
static void adopt(group_t *g, const moldau__assignor_assignment_t *out, int32_t generation)
{
    for (int32_t i = 0; i < g->nm; i++) {
        g->m[i].n_owned = out[i].n_partitions;
        g->m[i].generation = generation;
        memcpy(g->owned[i], out[i].partitions, sizeof(moldau__assignor_tp_t) * (size_t)out[i].n_partitions);
    }
}

START_TEST(eager_properties)
{
    static group_t g;
    rng = 1000u + (uint32_t)_i;
    for (int round = 0; round < 40; round++) {
        int same = round % 2;
        make_group(&g, 1 + (int32_t)rnd(8), 1 + (int32_t)rnd(5), 12, same);
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau__assignor_assignment_t *out =
            run(moldau__assignor_find(_i ? "roundrobin" : "range"), g.m, g.nm, g.t, g.nt, &a);
        check_valid(&g, out, 1);
        if (_i && same)
            for (int32_t i = 0; i < g.nm; i++)
                for (int32_t j = 0; j < g.nm; j++)
                    ck_assert_int_lt(out[i].n_partitions - out[j].n_partitions, 2);
        moldau_arena_free(&a);
    }
}
END_TEST

/* One cooperative rebalance as a group runs it: the round, then, if partitions were held back,
 * the follow-up. Checks the cooperative rule on the first and returns the converged result in
 * `a`. */
static moldau__assignor_assignment_t *cooperative_rebalance(group_t *g, int32_t *generation, moldau_arena_t *a)
{
    const moldau__assignor_t *asg = moldau__assignor_find("cooperative-sticky");
    moldau__assignor_assignment_t *out = run(asg, g->m, g->nm, g->t, g->nt, a);
    int32_t n1 = check_valid(g, out, 0);
    /* nothing owned by one member is given to another in the same round */
    for (int32_t i = 0; i < g->nm; i++)
        for (int32_t k = 0; k < out[i].n_partitions; k++)
            for (int32_t j = 0; j < g->nm; j++)
                if (j != i)
                    for (int32_t o = 0; o < g->m[j].n_owned; o++)
                        ck_assert(!(strcmp(g->m[j].owned[o].topic, out[i].partitions[k].topic) == 0 &&
                                    g->m[j].owned[o].partition == out[i].partitions[k].partition));
    /* a member keeps what it owned and is still assigned: its own list only shrinks by revokes */
    adopt(g, out, ++*generation);
    out = run(asg, g->m, g->nm, g->t, g->nt, a);
    int32_t n2 = check_valid(g, out, 1);
    ck_assert_int_ge(n2, n1);
    check_balanced(g, out);
    return out;
}

START_TEST(cooperative_properties)
{
    static group_t g;
    rng = 2000u + (uint32_t)_i;
    for (int round = 0; round < 20; round++) {
        make_group(&g, 2 + (int32_t)rnd(7), 1 + (int32_t)rnd(5), 12, round % 2);
        int32_t generation = 1;
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau__assignor_assignment_t *out = cooperative_rebalance(&g, &generation, &a);
        /* stable: the same group again changes nothing */
        adopt(&g, out, ++generation);
        moldau__assignor_assignment_t *again = run(moldau__assignor_find("cooperative-sticky"),
                                                   g.m, g.nm, g.t, g.nt, &a);
        char b1[4096], b2[4096];
        for (int32_t i = 0; i < g.nm; i++)
            ck_assert_str_eq(render(&out[i], b1, sizeof(b1)), render(&again[i], b2, sizeof(b2)));
        /* a member leaves (the last): the others keep all they had */
        g.nm--;
        moldau__assignor_assignment_t *after = cooperative_rebalance(&g, &generation, &a);
        for (int32_t i = 0; i < g.nm; i++)
            for (int32_t k = 0; k < out[i].n_partitions; k++) {
                int kept = 0;
                for (int32_t j = 0; j < after[i].n_partitions; j++)
                    kept |= strcmp(after[i].partitions[j].topic, out[i].partitions[k].topic) == 0 &&
                            after[i].partitions[j].partition == out[i].partitions[k].partition;
                /* with equal subscriptions the survivors only gain */
                if (round % 2)
                    ck_assert(kept);
            }
        moldau_arena_free(&a);
    }
}
END_TEST

START_TEST(cooperative_join_moves_only_what_it_must)
{
    /* m0 owns all 6 of t0; m1 joins: 3 are revoked and left out, then given to m1. */
    moldau__assignor_tp_t owned[] = {{"t0", 0}, {"t0", 1}, {"t0", 2}, {"t0", 3}, {"t0", 4}, {"t0", 5}};
    moldau__assignor_member_t m[] = {
        {.member_id = "m0", .topics = T01, .n_topics = 1, .owned = owned, .n_owned = 6, .generation = 3},
        {.member_id = "m1", .topics = T01, .n_topics = 1, .generation = -1}};
    moldau__assignor_topic_t t[] = {{"t0", 6}};
    moldau_arena_t a;
    moldau_arena_init(&a);
    char b[256];
    moldau__assignor_assignment_t *out = run(moldau__assignor_find("cooperative-sticky"), m, 2, t, 1, &a);
    ck_assert_int_eq(out[0].n_partitions, 3);
    ck_assert_int_eq(out[1].n_partitions, 0);
    m[0].owned = out[0].partitions;
    m[0].n_owned = out[0].n_partitions;
    m[0].generation = 4;
    m[1].generation = 4;
    moldau__assignor_assignment_t *next = run(moldau__assignor_find("cooperative-sticky"), m, 2, t, 1, &a);
    ck_assert_str_eq(render(&next[0], b, sizeof(b)), render(&out[0], b + 128, 128));
    ck_assert_int_eq(next[1].n_partitions, 3);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(cooperative_generation_conflict)
{
    /* m0 (generation 5) owns t0-0 and t0-1; m1, a zombie of generation 4, claims t0-0 too:
     * m0's claims win, so balance moves one of m0's to m1, held back for the next round. */
    moldau__assignor_tp_t o0[] = {{"t0", 0}, {"t0", 1}};
    moldau__assignor_tp_t o1[] = {{"t0", 0}};
    moldau__assignor_member_t m[] = {
        {.member_id = "m1", .topics = T01, .n_topics = 1, .owned = o1, .n_owned = 1, .generation = 4},
        {.member_id = "m0", .topics = T01, .n_topics = 1, .owned = o0, .n_owned = 2, .generation = 5}};
    moldau__assignor_topic_t t[] = {{"t0", 2}};
    moldau_arena_t a;
    moldau_arena_init(&a);
    char b[256];
    moldau__assignor_assignment_t *out = run(moldau__assignor_find("cooperative-sticky"), m, 2, t, 1, &a);
    ck_assert_int_eq(out[1].n_partitions, 1);
    ck_assert_int_eq(out[0].n_partitions, 0);
    /* Both claim t0-1 in generation 5: nobody owns it, so it is free to assign at once. */
    o1[0].partition = 1;
    m[0].generation = 5;
    out = run(moldau__assignor_find("cooperative-sticky"), m, 2, t, 1, &a);
    ck_assert_str_eq(render(&out[1], b, sizeof(b)), "t0-0");
    ck_assert_str_eq(render(&out[0], b, sizeof(b)), "t0-1");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(subscription_adapter)
{
    static const char *const topics[] = {"a", "b"};
    static const int32_t pa[] = {0, 2}, pb[] = {1};
    moldau_consumer_protocol_topic_partition_t owned[] = {{"a", pa, 2}, {"b", pb, 1}};
    static const uint8_t gen[] = {0, 0, 1, 2};
    moldau_consumer_protocol_subscription_t s = {.version = 1, .topics = topics, .n_topics = 2,
                                                 .user_data = {gen, 4}, .owned_partitions = owned,
                                                 .n_owned_partitions = 2, .generation_id = -1};
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau__assignor_member_t m;
    ck_assert_int_eq(moldau__assignor_member_from_subscription(&m, "id", "inst", &s, &a), MOLDAU_ERR_NONE);
    ck_assert_str_eq(m.member_id, "id");
    ck_assert_str_eq(m.instance_id, "inst");
    ck_assert_int_eq(m.n_topics, 2);
    ck_assert_int_eq(m.n_owned, 3);
    ck_assert_str_eq(m.owned[1].topic, "a");
    ck_assert_int_eq(m.owned[1].partition, 2);
    ck_assert_str_eq(m.owned[2].topic, "b");
    ck_assert_int_eq(m.generation, 258);
    s.version = 2;
    s.generation_id = 9;
    ck_assert_int_eq(moldau__assignor_member_from_subscription(&m, "id", NULL, &s, &a), MOLDAU_ERR_NONE);
    ck_assert_int_eq(m.generation, 9);
    s.version = 0;
    s.user_data = MOLDAU_BYTES_NULL;
    ck_assert_int_eq(moldau__assignor_member_from_subscription(&m, "id", NULL, &s, &a), MOLDAU_ERR_NONE);
    ck_assert_int_eq(m.generation, -1);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(large_group)
{
    /* 1000 partitions (4 topics of 250) x 50 members, each assignor, then a member joining
     * under cooperative-sticky. Under valgrind a tenth of the partitions and members: the same
     * paths, without minutes of emulation. */
    static group_t g;
    int small = RUNNING_ON_VALGRIND;
    int32_t members = small ? 5 : 50, per_topic = small ? 25 : 250;
    rng = 77;
    make_group(&g, members, 4, 1, 1);
    for (int32_t t = 0; t < 4; t++)
        g.t[t].n_partitions = per_topic;
    for (int32_t i = 0; i < members; i++)
        snprintf(g.ids[i], sizeof(g.ids[i]), "member-%02d", i);
    moldau_arena_t a;
    moldau_arena_init(&a);
    for (int k = 0; k < 2; k++)
        check_valid(&g, run(moldau__assignor_find(k ? "roundrobin" : "range"), g.m, g.nm, g.t, g.nt, &a), 1);
    int32_t generation = 1;
    g.nm = members - 1;
    moldau__assignor_assignment_t *out = cooperative_rebalance(&g, &generation, &a);
    ck_assert_int_eq(check_valid(&g, out, 1), 4 * per_topic);
    adopt(&g, out, generation);
    g.nm = members;
    cooperative_rebalance(&g, &generation, &a);
    moldau_arena_free(&a); /* no time limit: tests assert behaviour, bench/ measures time */
}
END_TEST

Suite *moldau_test_assignor_suite(void)
{
    Suite *s = suite_create("assignor");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, range_java_example);
    tcase_add_test(tc, range_static_members_first);
    tcase_add_test(tc, roundrobin_java_examples);
    tcase_add_test(tc, lookup_by_name);
    tcase_add_loop_test(tc, edge_cases, 0, 3);
    tcase_add_loop_test(tc, eager_properties, 0, 2);
    tcase_add_loop_test(tc, cooperative_properties, 0, 3);
    tcase_add_test(tc, cooperative_join_moves_only_what_it_must);
    tcase_add_test(tc, cooperative_generation_conflict);
    tcase_add_test(tc, subscription_adapter);
    tcase_add_test(tc, large_group);
    suite_add_tcase(s, tc);
    return s;
}
