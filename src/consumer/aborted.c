/* Dropping the batches of aborted transactions (read_committed): see aborted.h. */
#include "consumer/aborted.h"

#include <stdlib.h>
#include <string.h>

static int by_first_offset(const void *x, const void *y)
{
    const moldau_fetch_response_aborted_transaction_t *a = x, *b = y;
    return (a->first_offset > b->first_offset) - (a->first_offset < b->first_offset);
}

int moldau__aborted_init(moldau__aborted_t *a, moldau_arena_t *arena,
                         const moldau_fetch_response_aborted_transaction_t *txns, int32_t n)
{
    memset(a, 0, sizeof(*a));
    if (!txns || n <= 0)
        return 0;
    int sorted = 1;
    for (int32_t i = 1; i < n && sorted; i++)
        sorted = txns[i - 1].first_offset <= txns[i].first_offset;
    if (!sorted) { /* brokers send them in order; a copy only for one that does not */
        moldau_fetch_response_aborted_transaction_t *c =
            moldau_arena_calloc(arena, (size_t)n, sizeof(*c));
        if (!c)
            return -1;
        memcpy(c, txns, (size_t)n * sizeof(*c));
        qsort(c, (size_t)n, sizeof(*c), by_first_offset);
        txns = c;
    }
    a->txns = txns;
    a->n = (size_t)n;
    return 0;
}

static size_t find_open(const moldau__aborted_t *a, int64_t pid)
{
    for (size_t i = 0; i < a->n_open; i++) /* few transactions are open at once */
        if (a->open[i] == pid)
            return i;
    return SIZE_MAX;
}

static int open_txn(moldau__aborted_t *a, int64_t pid)
{
    if (find_open(a, pid) != SIZE_MAX)
        return 0;
    if (a->n_open == a->cap_open) {
        size_t cap = a->cap_open ? a->cap_open * 2 : 4;
        int64_t *v = realloc(a->open, cap * sizeof(*v));
        if (!v)
            return -1;
        a->open = v;
        a->cap_open = cap;
    }
    a->open[a->n_open++] = pid;
    return 0;
}

/* The control batch's marker: MOLDAU_CONTROL_ABORT/_COMMIT, or -1 (unreadable). */
static int marker(const moldau_batch_t *b)
{
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_iter_t it;
    moldau_record_t rec;
    int type = -1;
    if (!moldau_record_iter_init(&it, b, &dbuf, 4096) && moldau_record_iter_next(&it, &rec))
        type = moldau_control_record_type(&rec);
    moldau_buf_free(&dbuf);
    return type;
}

int moldau__aborted_skip(moldau__aborted_t *a, const moldau_batch_t *b)
{
    int64_t last = moldau_batch_next_offset(b) - 1;
    /* every aborted transaction that starts within or before this batch is under way */
    while (a->next < a->n && a->txns[a->next].first_offset <= last)
        if (open_txn(a, a->txns[a->next++].producer_id))
            return -1;
    if (b->is_control) {
        size_t i;
        if (a->n_open && (i = find_open(a, b->producer_id)) != SIZE_MAX &&
            marker(b) == MOLDAU_CONTROL_ABORT)
            a->open[i] = a->open[--a->n_open];
        return 1;
    }
    return b->is_transactional && a->n_open && find_open(a, b->producer_id) != SIZE_MAX;
}

void moldau__aborted_free(moldau__aborted_t *a)
{
    free(a->open);
    memset(a, 0, sizeof(*a));
}
