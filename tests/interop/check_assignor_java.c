/* moldau's assignors against the Java client's own (RangeAssignor, RoundRobinAssignor,
 * CooperativeStickyAssignor from the cached kafka-clients jar), on the same seeded random
 * groups: tests/interop/AssignorRun.java is compiled with javac into $MOLDAU_BUILD and fed every
 * group on stdin in one run. range and roundrobin must agree exactly. cooperative-sticky must
 * agree exactly where the answer is unique (a balanced group whose members own their shares:
 * nothing moves) and otherwise, with equal subscriptions, assign as many partitions with the
 * same per-member counts; with different subscriptions moldau must hold back (revoke) no more
 * than Java does (Java's general algorithm may move more than balance needs). Skips loudly without
 * java, javac or the jar (fails under CI=true). Environment: MOLDAU_CACHE, KAFKA_VERSION. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "consumer/assignor.h"
#include "../support/peer_test.h"

#define NCASES 120
#define MAXM 8
#define MAXT 5
#define MAXP 64
#define LINE 2048

typedef struct jgroup {
    const char *assignor;
    int kind; /* 0 exact, 1 same counts, 2 same total */
    int32_t nm, nt;
    char ids[MAXM][16], inst[MAXM][16];
    const char *subs[MAXM][MAXT];
    moldau__assignor_member_t m[MAXM];
    moldau__assignor_tp_t owned[MAXM][MAXP];
    char tnames[MAXT][16];
    moldau__assignor_topic_t t[MAXT];
    char expect[MAXM][LINE];
} jgroup_t;

static jgroup_t cases[NCASES];
static uint32_t rng = 4242;
static uint32_t rnd(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

static void make(jgroup_t *g, const char *assignor, int same, int statics)
{
    memset(g, 0, sizeof(*g));
    g->assignor = assignor;
    g->nm = 1 + (int32_t)rnd(MAXM);
    g->nt = 1 + (int32_t)rnd(MAXT);
    for (int32_t t = 0; t < g->nt; t++) {
        snprintf(g->tnames[t], sizeof(g->tnames[t]), "t%d", (int)t);
        g->t[t] = (moldau__assignor_topic_t){g->tnames[t], (int32_t)rnd(12)};
    }
    for (int32_t i = 0; i < g->nm; i++) {
        snprintf(g->ids[i], sizeof(g->ids[i]), "c-%02d", (int)rnd(100) * MAXM + i);
        snprintf(g->inst[i], sizeof(g->inst[i]), "i-%02d", (int)rnd(100) * MAXM + i);
        g->m[i] = (moldau__assignor_member_t){.member_id = g->ids[i], .topics = g->subs[i],
                                              .owned = g->owned[i], .generation = -1,
                                              .instance_id = statics ? g->inst[i] : NULL};
        for (int32_t t = 0; t < g->nt; t++)
            if (same || rnd(3))
                g->subs[i][g->m[i].n_topics++] = g->tnames[t];
    }
}

static void expect(jgroup_t *g)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau__assignor_input_t in = {g->m, g->nm, g->t, g->nt};
    moldau__assignor_assignment_t *out = NULL;
    ck_assert_int_eq(moldau__assignor_find(g->assignor)->assign(&in, &a, &out), MOLDAU_ERR_NONE);
    for (int32_t i = 0; i < g->nm; i++) {
        char *line = g->expect[i];
        const char *id = g->ids[i]; /* another member of *g: the compiler cannot tell */
        size_t o = strlen(id);
        memcpy(line, id, o + 1);
        for (int32_t k = 0; k < out[i].n_partitions; k++)
            o += (size_t)snprintf(line + o, LINE - o, " %s-%d", out[i].partitions[k].topic,
                                  (int)out[i].partitions[k].partition);
    }
    moldau_arena_free(&a);
}

/* The next generation owning moldau's answer `from` (its expectations). */
static void adopt(jgroup_t *g, const jgroup_t *from, int32_t generation)
{
    for (int32_t i = 0; i < g->nm; i++) {
        g->m[i].generation = generation;
        g->m[i].n_owned = 0;
        char buf[LINE], *save = NULL;
        snprintf(buf, sizeof(buf), "%s", from->expect[i]);
        strtok_r(buf, " ", &save);
        for (char *tp; (tp = strtok_r(NULL, " ", &save)) != NULL && g->m[i].n_owned < MAXP;) {
            char *dash = strrchr(tp, '-');
            *dash = '\0';
            int32_t t = atoi(tp + 1);
            g->owned[i][g->m[i].n_owned++] = (moldau__assignor_tp_t){g->tnames[t], atoi(dash + 1)};
        }
    }
}

static void write_group(FILE *f, const jgroup_t *g)
{
    fprintf(f, "group %s\n", g->assignor);
    for (int32_t t = 0; t < g->nt; t++)
        fprintf(f, "topic %s %d\n", g->t[t].name, g->t[t].n_partitions);
    for (int32_t i = 0; i < g->nm; i++) {
        const moldau__assignor_member_t *m = &g->m[i];
        fprintf(f, "member %s %s %d ", m->member_id, m->instance_id ? m->instance_id : "-", m->generation);
        for (int32_t k = 0; k < m->n_topics; k++)
            fprintf(f, "%s%s", k ? "," : "", m->topics[k]);
        fprintf(f, "%s ", m->n_topics ? "" : "-");
        for (int32_t k = 0; k < m->n_owned; k++)
            fprintf(f, "%s%s:%d", k ? "," : "", m->owned[k].topic, m->owned[k].partition);
        fprintf(f, "%s\n", m->n_owned ? "" : "-");
    }
    fprintf(f, "end\n");
}

static int count_tp(const char *line)
{
    int n = 0;
    for (; *line; line++)
        n += *line == ' ';
    return n;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

START_TEST(java_assignors_agree)
{
    const char *cache = getenv("MOLDAU_CACHE");
    const char *home = getenv("HOME");
    const char *ver = getenv("KAFKA_VERSION");
    const char *src = getenv("MOLDAU_SRCDIR");
    const char *build = getenv("MOLDAU_BUILD");
    char libs[1024], cp[4096], cmd[8192], dir[1024], in_path[1100];
    if (cache && *cache)
        snprintf(libs, sizeof(libs), "%s/kafka-%s/libs", cache, ver && *ver ? ver : "4.3.1");
    else
        snprintf(libs, sizeof(libs), "%s/.cache/moldau/kafka-%s/libs", home ? home : "", ver && *ver ? ver : "4.3.1");
    snprintf(cp, sizeof(cp), "%s/kafka-clients-%s.jar", libs, ver && *ver ? ver : "4.3.1");
    struct stat st;
    if (system("command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1") != 0) {
        test_peer_missing("assignor_java", "java or javac");
        return;
    }
    if (stat(cp, &st) != 0) {
        test_peer_missing("assignor_java", "the kafka-clients jar (tests/support/kafka.sh fetch)");
        return;
    }
    snprintf(dir, sizeof(dir), "%s/tests/assignor-java", build && *build ? build : "build");
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && javac -nowarn -d '%s' -cp '%s' '%s/tests/interop/AssignorRun.java'",
             dir, dir, cp, src && *src ? src : ".");
    ck_assert_msg(system(cmd) == 0, "javac failed: %s", cmd);

    /* The groups: range and roundrobin from random subscriptions (dynamic and static members);
     * cooperative-sticky from scratch, then a member joining or leaving moldau's answer, then
     * stable. */
    int n = 0;
    for (int i = 0; i < 20; i++) {
        make(&cases[n], "range", i % 2, i % 4 == 1), expect(&cases[n]), n++;
        make(&cases[n], "roundrobin", i % 2, i % 4 == 1), expect(&cases[n]), n++;
    }
    for (int i = 0; i < 20 && n + 3 <= NCASES; i++) {
        int same = i % 2;
        jgroup_t *a = &cases[n], *b = &cases[n + 1], *c = &cases[n + 2];
        make(a, "cooperative-sticky", same, 0);
        a->kind = same ? 1 : 2;
        expect(a);
        /* b: a's members own a's answer; the last leaves */
        *b = *a;
        for (int32_t m = 0; m < b->nm; m++)
            b->m[m].topics = b->subs[m], b->m[m].owned = b->owned[m], b->m[m].member_id = b->ids[m];
        adopt(b, a, 1);
        if (i % 4 >= 2 && b->nm < MAXM) { /* a member joins, subscribed as the first */
            int32_t j = b->nm++;
            snprintf(b->ids[j], sizeof(b->ids[j]), "c-new%d", i);
            memcpy(b->subs[j], b->subs[0], sizeof(b->subs[0]));
            b->m[j] = (moldau__assignor_member_t){.member_id = b->ids[j], .topics = b->subs[j],
                                                  .n_topics = b->m[0].n_topics,
                                                  .owned = b->owned[j], .generation = -1};
        } else if (b->nm > 1) { /* the last leaves */
            b->nm--;
        }
        expect(b);
        /* c: converge b (b's answer, then its follow-up), then ask once more: nothing moves */
        *c = *b;
        for (int32_t m = 0; m < c->nm; m++)
            c->m[m].topics = c->subs[m], c->m[m].owned = c->owned[m], c->m[m].member_id = c->ids[m];
        adopt(c, b, 2);
        expect(c);
        adopt(c, c, 3);
        expect(c);
        c->kind = 0;
        n += 3;
    }
    snprintf(in_path, sizeof(in_path), "%s/groups.txt", dir);
    FILE *f = fopen(in_path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < n; i++)
        write_group(f, &cases[i]);
    fclose(f);

    snprintf(cmd, sizeof(cmd), "java -cp '%s:%s:%s/slf4j-api-2.0.17.jar' AssignorRun < '%s' 2>/dev/null",
             dir, cp, libs, in_path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    static char line[LINE];
    int exact = 0, loose = 0, fewer_moves = 0;
    for (int i = 0; i < n; i++) {
        jgroup_t *g = &cases[i];
        int ours[MAXM], theirs[MAXM], tot_o = 0, tot_t = 0;
        for (int32_t m = 0; m <= g->nm; m++) {
            ck_assert_msg(fgets(line, sizeof(line), p) != NULL, "java's output ended at group %d", i);
            line[strcspn(line, "\n")] = '\0';
            if (m == g->nm) {
                ck_assert_str_eq(line, "end");
                break;
            }
            if (g->kind == 0) {
                ck_assert_msg(strcmp(line, g->expect[m]) == 0, "group %d (%s): java [%s], moldau [%s]",
                              i, g->assignor, line, g->expect[m]);
            }
            theirs[m] = count_tp(line);
            ours[m] = count_tp(g->expect[m]);
            tot_t += theirs[m];
            tot_o += ours[m];
        }
        if (g->kind == 0) {
            exact++;
            continue;
        }
        loose++;
        if (g->kind == 2) {
            /* Different subscriptions: several answers are balanced and Java's general
             * algorithm may move more than it must; moldau never holds back more. */
            ck_assert_msg(tot_o >= tot_t, "group %d (%s): java assigns %d, moldau %d", i, g->assignor, tot_t, tot_o);
            fewer_moves += tot_o > tot_t;
            continue;
        }
        ck_assert_msg(tot_o == tot_t, "group %d (%s): java assigns %d, moldau %d", i, g->assignor, tot_t, tot_o);
        {
            qsort(ours, (size_t)g->nm, sizeof(int), cmp_int);
            qsort(theirs, (size_t)g->nm, sizeof(int), cmp_int);
            for (int32_t m = 0; m < g->nm; m++)
                ck_assert_msg(ours[m] == theirs[m], "group %d (%s): per-member counts differ", i, g->assignor);
        }
    }
    ck_assert_int_eq(pclose(p), 0);
    fprintf(stderr, "assignor_java: %d groups equal to Java's, %d equally balanced (%d where moldau "
            "revokes fewer)\n", exact, loose, fewer_moves);
}
END_TEST

Suite *moldau_test_assignor_java_suite(void)
{
    Suite *s = suite_create("assignor_java");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, java_assignors_agree);
    suite_add_tcase(s, tc);
    return s;
}
