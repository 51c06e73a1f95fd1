/* The shared call state; see call.h. */
#include "client/call.h"
#include "client/client.h"

void moldau__call_init(moldau__call_t *call, moldau_client_t *c,
                       void (*free_fn)(moldau__call_t *call))
{
    atomic_init(&call->refs, 2);
    call->client = c;
    call->free_fn = free_fn;
}

void moldau__call_release(moldau__call_t *call)
{
    if (atomic_fetch_sub(&call->refs, 1) == 1 && call->free_fn)
        call->free_fn(call);
}

void moldau__call_complete(moldau__call_t *call)
{
    moldau_client_t *c = call->client; /* read first: the waiter may free the call at once */
    moldau__call_release(call);
    moldau__client_signal(c);
}

/* Only the waiter's reference is left once the completing side released its own. */
int moldau__call_done(moldau__call_t *call) { return atomic_load(&call->refs) == 1; }

static int is_done(void *arg) { return moldau__call_done(arg); }

int moldau__call_wait(moldau__call_t *call, int timeout_ms, int serve_ops)
{
    return moldau__client_wait(call->client, is_done, call, timeout_ms, serve_ops);
}
