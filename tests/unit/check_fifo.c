/* util/fifo.h: order, emptiness, pop from empty, concatenation both ways, copy by value, and
 * one element in two FIFOs through two links. */
#include <check.h>
#include <stddef.h>

#include "util/fifo.h"

typedef struct item {
    int v;
    struct item *next, *other;
} item_t;

typedef MOLDAU__FIFO(item_t) item_fifo_t;

/* The values in order, checking the tail is the last and every link ends in NULL. */
static int collect(const item_fifo_t *f, int *out, int max)
{
    int n = 0;
    const item_t *last = NULL;
    for (const item_t *e = f->head; e && n < max; e = e->next) {
        out[n++] = e->v;
        last = e;
    }
    ck_assert_ptr_eq(f->tail, last);
    return n;
}

START_TEST(zero_is_empty_and_pop_of_empty_is_null)
{
    item_fifo_t f = {0};
    ck_assert(moldau__fifo_empty(&f));
    item_t *e = (item_t *)&f; /* any non-NULL value: pop must overwrite it */
    moldau__fifo_pop(&f, e, next);
    ck_assert_ptr_null(e);
    ck_assert_ptr_null(f.tail);
}
END_TEST

START_TEST(push_pop_keeps_order)
{
    item_t it[5];
    item_fifo_t f = {0};
    for (int i = 0; i < 5; i++) {
        it[i].v = i;
        it[i].next = &it[0]; /* garbage: push must clear it */
        moldau__fifo_push(&f, &it[i], next);
    }
    int got[8];
    ck_assert_int_eq(collect(&f, got, 8), 5);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(got[i], i);
    item_t *e;
    moldau__fifo_pop(&f, e, next);
    ck_assert_ptr_eq(e, &it[0]);
    ck_assert_ptr_null(e->next);
    moldau__fifo_pop(&f, e, next);
    ck_assert_ptr_eq(e, &it[1]);
    /* interleaved: push after pops goes to the end */
    moldau__fifo_push(&f, &it[0], next);
    ck_assert_int_eq(collect(&f, got, 8), 4);
    ck_assert_int_eq(got[0], 2);
    ck_assert_int_eq(got[3], 0);
    for (int i = 0; i < 4; i++)
        moldau__fifo_pop(&f, e, next);
    ck_assert_ptr_eq(e, &it[0]);
    ck_assert(moldau__fifo_empty(&f));
    ck_assert_ptr_null(f.tail);
    /* a FIFO emptied by pops takes pushes again */
    moldau__fifo_push(&f, &it[3], next);
    ck_assert_ptr_eq(f.head, &it[3]);
    ck_assert_ptr_eq(f.tail, &it[3]);
}
END_TEST

START_TEST(concat)
{
    item_t it[6];
    item_fifo_t a = {0}, b = {0}, empty = {0};
    for (int i = 0; i < 6; i++) {
        it[i].v = i;
        moldau__fifo_push(i < 3 ? &a : &b, &it[i], next);
    }
    moldau__fifo_concat(&a, &empty, next); /* nothing to move */
    ck_assert_ptr_eq(a.tail, &it[2]);
    moldau__fifo_concat(&a, &b, next);
    ck_assert(moldau__fifo_empty(&b));
    ck_assert_ptr_null(b.tail);
    int got[8];
    ck_assert_int_eq(collect(&a, got, 8), 6);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(got[i], i);
    moldau__fifo_concat(&empty, &a, next); /* into an empty one */
    ck_assert(moldau__fifo_empty(&a));
    ck_assert_int_eq(collect(&empty, got, 8), 6);
}
END_TEST

START_TEST(copy_by_value_and_init)
{
    item_t it[2] = {{.v = 1}, {.v = 2}};
    item_fifo_t f = {0};
    moldau__fifo_push(&f, &it[0], next);
    moldau__fifo_push(&f, &it[1], next);
    item_fifo_t taken = f; /* the copy holds them */
    moldau__fifo_init(&f);
    ck_assert(moldau__fifo_empty(&f));
    ck_assert_ptr_null(f.tail);
    int got[4];
    ck_assert_int_eq(collect(&taken, got, 4), 2);
    ck_assert_int_eq(got[1], 2);
}
END_TEST

START_TEST(two_links_two_fifos)
{
    item_t it[4];
    item_fifo_t by_next = {0}, by_other = {0};
    for (int i = 0; i < 4; i++) {
        it[i].v = i;
        moldau__fifo_push(&by_next, &it[i], next);
    }
    for (int i = 3; i >= 0; i -= 2)
        moldau__fifo_push(&by_other, &it[i], other);
    int got[4];
    ck_assert_int_eq(collect(&by_next, got, 4), 4);
    int n = 0;
    for (item_t *e = by_other.head; e; e = e->other)
        got[n++] = e->v;
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(got[0], 3);
    ck_assert_int_eq(got[1], 1);
    ck_assert_ptr_eq(by_other.tail, &it[1]);
}
END_TEST

Suite *moldau_test_fifo_suite(void)
{
    Suite *s = suite_create("fifo");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, zero_is_empty_and_pop_of_empty_is_null);
    tcase_add_test(tc, push_pop_keeps_order);
    tcase_add_test(tc, concat);
    tcase_add_test(tc, copy_by_value_and_init);
    tcase_add_test(tc, two_links_two_fifos);
    suite_add_tcase(s, tc);
    return s;
}
