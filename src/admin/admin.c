/* The admin handle and the results every admin call returns (admin_internal.h). */
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "client/client.h"
#include "client/conf.h"
#include "util/clock.h"
#include "util/log.h"

moldau_admin_t *moldau_admin_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size)
{
    moldau_admin_t *a = calloc(1, sizeof(*a));
    if (!a) {
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    if (!(a->client = moldau_client_new(conf, errstr, errstr_size))) {
        free(a);
        return NULL;
    }
    a->default_timeout_ms = (int)moldau__conf_int(conf, MOLDAU__CONF_DEFAULT_API_TIMEOUT_MS);
    return a;
}

void moldau_admin_close(moldau_admin_t *a)
{
    if (!a)
        return;
    moldau_client_close(a->client);
    free(a);
}

moldau_client_t *moldau_admin_client(moldau_admin_t *a) { return a->client; }

int moldau__admin_timeout(const moldau_admin_t *a, int timeout_ms)
{
    return timeout_ms < 0 ? a->default_timeout_ms : timeout_ms;
}

int64_t moldau__admin_deadline(const moldau_admin_t *a, int timeout_ms)
{
    return moldau__now_ms() + moldau__admin_timeout(a, timeout_ms);
}

int moldau__admin_left(int64_t deadline)
{
    int64_t left = deadline - moldau__now_ms();
    return left < 1 ? 1 : left > 0x7fffffff ? 0x7fffffff : (int)left;
}

void moldau__admin_dbg(moldau_admin_t *a, const char *fmt, ...)
{
    moldau__logger_t *lg = &a->client->logger;
    if (!(lg->debug & MOLDAU__DBG_ADMIN))
        return;
    va_list ap;
    va_start(ap, fmt);
    moldau__log_emitv(lg, MOLDAU_LOG_DEBUG, "ADMIN", fmt, ap);
    va_end(ap);
}

/* ---- results --------------------------------------------------------------------------------
 * One block: this header, then the caller's struct. */

typedef struct result_block {
    moldau_arena_t arena;
    moldau__response_t **kept;
    size_t n_kept, cap_kept;
    alignas(max_align_t) unsigned char body[];
} result_block_t;

static result_block_t *block_of(void *result)
{
    return (result_block_t *)((unsigned char *)result - offsetof(result_block_t, body));
}

void *moldau__admin_result_new(size_t size)
{
    result_block_t *b = calloc(1, sizeof(*b) + size);
    if (!b)
        return NULL;
    moldau_arena_init(&b->arena);
    return b->body;
}

moldau_arena_t *moldau__admin_result_arena(void *result) { return &block_of(result)->arena; }

moldau_err_t moldau__admin_result_keep(void *result, moldau__response_t *resp)
{
    result_block_t *b = block_of(result);
    if (b->n_kept == b->cap_kept) {
        size_t cap = b->cap_kept ? 2 * b->cap_kept : 4;
        moldau__response_t **kept = realloc(b->kept, cap * sizeof(*kept));
        if (!kept) {
            moldau__response_free(resp);
            return MOLDAU_ERR__NO_MEMORY;
        }
        b->kept = kept;
        b->cap_kept = cap;
    }
    b->kept[b->n_kept++] = resp;
    return MOLDAU_ERR_NONE;
}

void *moldau__admin_result_holding(size_t size, moldau__response_t *resp)
{
    void *res = moldau__admin_result_new(size);
    if (!res) {
        moldau__response_free(resp);
        return NULL;
    }
    if (moldau__admin_result_keep(res, resp)) {
        moldau_admin_result_free(res);
        return NULL;
    }
    return res;
}

void **moldau__admin_result_items(void *result, size_t n, size_t elem_size)
{
    moldau_arena_t *arena = moldau__admin_result_arena(result);
    void **items = moldau_arena_calloc(arena, n ? n : 1, sizeof(*items));
    if (!items)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(items[i] = moldau_arena_calloc(arena, 1, elem_size)))
            return NULL;
    return items;
}

const char *moldau__admin_result_str(void *result, const char *s, int *oom)
{
    if (!s)
        return NULL;
    const char *copy = moldau_arena_strndup(moldau__admin_result_arena(result), s, strlen(s));
    if (!copy)
        *oom = 1;
    return copy;
}

const char *moldau__admin_errmsg(moldau_err_t err, const char *msg)
{
    if (err == MOLDAU_ERR_NONE)
        return NULL;
    return msg && *msg ? msg : moldau_err_str(err);
}

void moldau_admin_result_free(void *result)
{
    if (!result)
        return;
    result_block_t *b = block_of(result);
    for (size_t i = 0; i < b->n_kept; i++)
        moldau__response_free(b->kept[i]);
    free(b->kept);
    moldau_arena_free(&b->arena);
    free(b);
}

moldau_err_t moldau__admin_send_any(moldau_admin_t *a, moldau__request_t *req, const void *body,
                                    int timeout_ms, moldau__response_t **resp)
{
    moldau__request_set_body(req, body);
    moldau_err_t err = moldau__request_target(req, MOLDAU__TARGET_ANY, -1, NULL);
    if (err) {
        moldau__request_destroy(req);
        return err;
    }
    return moldau__request_sync(req, moldau__admin_timeout(a, timeout_ms), resp);
}
