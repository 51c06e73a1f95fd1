/* util/backoff.h and util/rand.h: the doubling, the cap, the jitter's range and spread, no
 * overflow at absurd attempts or bounds, and a generator that is its own (seeded, repeatable,
 * not libc's). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/backoff.h"
#include "util/rand.h"

START_TEST(base_doubles_up_to_the_cap)
{
    static const int64_t want[] = {10, 20, 40, 80, 80, 80, 80};
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(moldau__backoff_base(10, 80, i + 1), want[i]);
    /* a cap that is no power-of-two multiple of the base is reached exactly */
    ck_assert_int_eq(moldau__backoff_base(100, 1000, 4), 800);
    ck_assert_int_eq(moldau__backoff_base(100, 1000, 5), 1000);
    ck_assert_int_eq(moldau__backoff_base(100, 1000, 6), 1000);
}
END_TEST

START_TEST(base_edges)
{
    ck_assert_int_eq(moldau__backoff_base(50, 1000, 0), 50);   /* no failure yet */
    ck_assert_int_eq(moldau__backoff_base(50, 1000, -3), 50);
    ck_assert_int_eq(moldau__backoff_base(0, 1000, 5), 0);     /* no backoff wanted */
    ck_assert_int_eq(moldau__backoff_base(-5, 1000, 5), 0);
    ck_assert_int_eq(moldau__backoff_base(500, 100, 1), 100);  /* the max wins */
    ck_assert_int_eq(moldau__backoff_base(500, 100, 9), 100);
    ck_assert_int_eq(moldau__backoff_base(500, -1, 2), 0);
    ck_assert_int_eq(moldau__backoff_base(7, 7, 30), 7);
}
END_TEST

START_TEST(base_never_overflows)
{
    ck_assert_int_eq(moldau__backoff_base(1, INT64_MAX, INT64_MAX), INT64_MAX);
    ck_assert_int_eq(moldau__backoff_base(3, INT64_MAX, 62), (int64_t)3 << 61);
    ck_assert_int_eq(moldau__backoff_base(3, INT64_MAX, 63), INT64_MAX);
    ck_assert_int_eq(moldau__backoff_base(INT64_MAX / 2 + 1, INT64_MAX, 2), INT64_MAX);
    ck_assert_int_eq(moldau__backoff_base(100, 1000, INT64_MAX), 1000);
    ck_assert_int_eq(moldau__backoff_base(0, 1000, INT64_MAX), 0); /* and returns at once */
    ck_assert_int_eq(moldau__backoff_base(INT32_MAX, INT32_MAX, INT32_MAX), INT32_MAX);
}
END_TEST

START_TEST(no_jitter_is_the_base)
{
    moldau__rng_t g;
    moldau__rng_init(&g, 1);
    for (int i = 1; i < 10; i++) {
        ck_assert_int_eq(moldau__backoff_ms(100, 5000, i, 0, &g),
                         moldau__backoff_base(100, 5000, i));
        ck_assert_int_eq(moldau__backoff_ms(100, 5000, i, 0, NULL),
                         moldau__backoff_base(100, 5000, i));
        ck_assert_int_eq(moldau__backoff_ms(100, 5000, i, -20, &g),
                         moldau__backoff_base(100, 5000, i));
    }
    /* a spread that rounds to 0 ms draws nothing */
    ck_assert_int_eq(moldau__backoff_ms(4, 100, 1, 20, &g), 4);
    ck_assert_int_eq(moldau__backoff_ms(0, 100, 3, 20, &g), 0);
}
END_TEST

/* Every wait within base +- floor(base * pct / 100), both ends reached, the middle too. */
START_TEST(jitter_stays_in_range_and_spreads)
{
    static const struct {
        int64_t base, max, attempt;
        int pct;
    } cases[] = {
        {20, 320, 1, 20}, {20, 320, 3, 20}, {20, 320, 9, 20}, {50, 1000, 2, 20},
        {100, 1000, 1, 50}, {10, 80, 4, 100}, {1000, 1000, 1, 150}, {33, 33, 1, 10},
    };
    moldau__rng_t g;
    moldau__rng_init(&g, (uint64_t)_i);
    int64_t base = moldau__backoff_base(cases[_i].base, cases[_i].max, cases[_i].attempt);
    int pct = cases[_i].pct > 100 ? 100 : cases[_i].pct;
    int64_t spread = base * pct / 100;
    int64_t lo = INT64_MAX, hi = INT64_MIN, below = 0, above = 0;
    for (int k = 0; k < 20000; k++) {
        int64_t d = moldau__backoff_ms(cases[_i].base, cases[_i].max, cases[_i].attempt,
                                       cases[_i].pct, &g);
        ck_assert_int_ge(d, base - spread);
        ck_assert_int_le(d, base + spread);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
        below += d < base;
        above += d > base;
    }
    ck_assert_int_eq(lo, base - spread);
    ck_assert_int_eq(hi, base + spread);
    /* about as many below the base as above (each ~ 10000 * 2s / (2s + 1)) */
    ck_assert_int_gt(below, 7000);
    ck_assert_int_gt(above, 7000);
}
END_TEST

START_TEST(jitter_never_overflows)
{
    moldau__rng_t g;
    moldau__rng_init(&g, 99);
    for (int k = 0; k < 1000; k++) {
        int64_t d = moldau__backoff_ms(1, INT64_MAX, INT64_MAX, 100, &g);
        ck_assert_int_ge(d, 0);
        ck_assert_int_le(d, INT64_MAX);
        d = moldau__backoff_ms(INT64_MAX, INT64_MAX, 1, 20, &g);
        ck_assert_int_ge(d, INT64_MAX - INT64_MAX / 5);
        d = moldau__backoff_ms(100, 1000, INT64_MAX, 20, &g);
        ck_assert(d >= 800 && d <= 1200);
    }
}
END_TEST

START_TEST(rng_is_repeatable_and_per_state)
{
    moldau__rng_t a, b, c;
    moldau__rng_init(&a, 42);
    moldau__rng_init(&b, 42);
    moldau__rng_init(&c, 43);
    int same_c = 0;
    for (int k = 0; k < 1000; k++) {
        uint64_t x = moldau__rng_next(&a);
        ck_assert_uint_eq(x, moldau__rng_next(&b));
        same_c += x == moldau__rng_next(&c);
    }
    ck_assert_int_eq(same_c, 0);
    /* 0 is a seed like any other (xorshift's state never is 0) */
    moldau__rng_init(&a, 0);
    ck_assert_uint_ne(a.s, 0);
    ck_assert_uint_ne(moldau__rng_next(&a), moldau__rng_next(&a));
    /* the application's rand() sequence is left alone */
    srand(7);
    int r1 = rand();
    srand(7);
    moldau__rng_init_unique(&a);
    (void)moldau__backoff_ms(100, 1000, 3, 20, &a);
    ck_assert_int_eq(rand(), r1);
}
END_TEST

START_TEST(rng_unique_seeds_differ)
{
    moldau__rng_t g[2];
    moldau__rng_init_unique(&g[0]);
    moldau__rng_init_unique(&g[1]);
    ck_assert_uint_ne(g[0].s, g[1].s);
}
END_TEST

START_TEST(rng_below_covers_the_range)
{
    moldau__rng_t g;
    moldau__rng_init(&g, 5);
    int seen[7] = {0};
    for (int k = 0; k < 7000; k++) {
        uint64_t v = moldau__rng_below(&g, 7);
        ck_assert_uint_lt(v, 7);
        seen[v]++;
    }
    for (int i = 0; i < 7; i++)
        ck_assert_int_gt(seen[i], 800);
    ck_assert_uint_eq(moldau__rng_below(&g, 1), 0);
}
END_TEST

Suite *moldau_test_backoff_suite(void)
{
    Suite *s = suite_create("backoff");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, base_doubles_up_to_the_cap);
    tcase_add_test(tc, base_edges);
    tcase_add_test(tc, base_never_overflows);
    tcase_add_test(tc, no_jitter_is_the_base);
    tcase_add_loop_test(tc, jitter_stays_in_range_and_spreads, 0, 8);
    tcase_add_test(tc, jitter_never_overflows);
    tcase_add_test(tc, rng_is_repeatable_and_per_state);
    tcase_add_test(tc, rng_unique_seeds_differ);
    tcase_add_test(tc, rng_below_covers_the_range);
    suite_add_tcase(s, tc);
    return s;
}
