/* One TCP connection: asynchronous connect over every resolved address, gathered writes of
 * whole frames, size-framed reads into one reused buffer, a FIFO of in-flight requests matched
 * by correlation id, request deadlines. Contract in conn.h. */
#include "net/conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "net/addr.h"
#include "net/lookup.h"
#include "net/rbuf_pool.h"
#include "net/tls.h"
#include "util/fifo.h"

#define IOV_BATCH 64
/* Reads are at least this large (many small responses per read) and at most this much beyond
 * the frame being read, which bounds what is moved when the buffer is compacted. */
#define READ_CHUNK (64 * 1024)
/* A read buffer grown beyond this for one large response is released once idle. */
#define RBUF_KEEP (1024 * 1024)

typedef struct req {
    struct req *next;
    moldau__frame_t frame; /* freed as soon as it is written */
    int64_t deadline;   /* 0: none */
    int32_t corr;
    int16_t api_key, api_version;
    unsigned flags;
    moldau_err_t err;   /* set when this request's own failure differs from the close's */
    moldau__conn_resp_cb cb;
    void *opaque;
} req_t;

typedef struct req_list {
    req_t *head, *tail; /* a util/fifo.h FIFO through ->next */
    int n;
} req_list_t;

struct moldau__conn {
    moldau__reactor_t *r;
    moldau__conn_state_t state;
    int refs; /* the owner's, plus one per callback-invoking frame on the stack */
    char *host;
    int port;
    char name[300], peer[64];
    moldau__conn_opts_t opts;
    moldau__conn_cbs_t cbs;

    int fd;
    moldau__io_t io;
    moldau__tls_t *tls;      /* security.protocol=SSL: the session on fd, from connect on */
    int tls_failed;          /* the last failure was TLS refusing or being refused */
    int read_wants_write;    /* TLS: a read must write first (a TLS 1.3 KeyUpdate answer) */
    moldau__defer_t start;   /* resolve and connect from the loop, not from _new */
    moldau__defer_t flusher; /* sends made in one iteration leave in one writev */
    moldau__timer_t connect_timer;
    moldau__timer_t deadline_timer;

    moldau__lookup_t *lookup; /* the name lookup under way, if any */
    moldau__addrs_t addrs;
    int next_addr;
    char last_error[400];    /* the latest connect failure, for the final message */
    moldau_err_t last_err;

    req_list_t outq;         /* accepted, not completely written; head maybe in part */
    size_t head_written;     /* bytes of outq.head already written */
    req_list_t inflight;     /* written, awaiting their response, in order */
    int32_t next_corr;

    moldau_buf_t rbuf;       /* data [rpos, len) not yet parsed */
    size_t rpos;
    int in_response;         /* inside a response callback: take_response allowed */
    size_t frame_end;        /* where the frame being delivered ends in rbuf */
    int taken;               /* the callback took rbuf */

    char errstr[512];
};

/* ---- small helpers ---------------------------------------------------------------------- */

static void list_push(req_list_t *l, req_t *q)
{
    moldau__fifo_push(l, q, next);
    l->n++;
}

static req_t *list_pop(req_list_t *l)
{
    req_t *q;
    moldau__fifo_pop(l, q, next);
    if (q)
        l->n--;
    return q;
}

static void conn_free(moldau__conn_t *c)
{
    moldau_buf_free(&c->rbuf);
    free(c->host);
    free(c);
}

static void hold(moldau__conn_t *c) { c->refs++; }

static void release(moldau__conn_t *c)
{
    if (--c->refs == 0)
        conn_free(c);
}

/* A request's frame, once written or failed; a secret's bytes are wiped first. */
static void frame_drop(moldau__frame_t *f, unsigned flags)
{
    if ((flags & MOLDAU__CONN_SECRET) && f->buf.data)
        explicit_bzero(f->buf.data, f->buf.cap);
    moldau__frame_free(f);
}

/* Completes requests in order; each callback runs exactly once. */
static void complete_all(req_list_t *l, moldau_err_t err)
{
    req_t *q;
    while ((q = list_pop(l)) != NULL) {
        frame_drop(&q->frame, q->flags);
        q->cb(q->err ? q->err : err, NULL, 0, q->opaque);
        free(q);
    }
}

void moldau__conn_opts_default(moldau__conn_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->connect_timeout_ms = 10000;
    o->max_in_flight = 5;
    o->max_response_size = 100000000;
    o->family = AF_UNSPEC;
    o->nodelay = 1;
}

/* ---- closing ---------------------------------------------------------------------------- */

static void close_socket(moldau__conn_t *c)
{
    moldau__tls_free(c->tls);
    c->tls = NULL;
    if (c->fd >= 0) {
        moldau__io_del(c->r, &c->io);
        close(c->fd);
        c->fd = -1;
    }
}

/* The one way to CLOSED: detaches everything pending before any callback runs, so callbacks
 * may send (refused), close (no-op) or destroy (deferred free) freely. */
static void shut(moldau__conn_t *c, moldau_err_t err, int notify, moldau_err_t req_err,
                 const char *fmt, ...)
{
    if (c->state == MOLDAU__CONN_CLOSED)
        return;
    c->state = MOLDAU__CONN_CLOSED;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errstr, sizeof(c->errstr), fmt, ap);
    va_end(ap);
    close_socket(c);
    moldau__timer_cancel(c->r, &c->connect_timer);
    moldau__timer_cancel(c->r, &c->deadline_timer);
    moldau__defer_cancel(&c->start);
    moldau__defer_cancel(&c->flusher);
    moldau__lookup_cancel(c->lookup);
    c->lookup = NULL;
    moldau__addrs_free(&c->addrs);

    req_list_t pending = c->inflight; /* in send order: in flight first, then queued */
    pending.n += c->outq.n;
    moldau__fifo_concat(&pending, &c->outq, next);
    memset(&c->inflight, 0, sizeof(c->inflight));
    memset(&c->outq, 0, sizeof(c->outq));
    c->head_written = 0;

    hold(c);
    if (notify && c->cbs.closed)
        c->cbs.closed(c, err, c->errstr, c->cbs.opaque);
    complete_all(&pending, req_err);
    release(c);
}

void moldau__conn_close(moldau__conn_t *c, moldau_err_t err, const char *reason)
{
    shut(c, err, 1, MOLDAU_ERR__TRANSPORT, "%s: %s", c->name, reason ? reason : "closed");
}

void moldau__conn_destroy(moldau__conn_t *c)
{
    if (!c)
        return;
    shut(c, MOLDAU_ERR__DESTROYED, 0, MOLDAU_ERR__DESTROYED, "%s: destroyed", c->name);
    release(c);
}

/* ---- writing ---------------------------------------------------------------------------- */

static void set_interest(moldau__conn_t *c, unsigned interest)
{
    if (moldau__io_set(c->r, &c->io, interest) != MOLDAU_ERR_NONE)
        shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT,
             "%s: cannot watch the socket: %s", c->peer, strerror(errno));
}

/* The socket's I/O, through TLS when the connection has it: read(2)/writev(2) semantics. */
static ssize_t sock_writev(moldau__conn_t *c, struct iovec *iov, int niov)
{
    if (c->tls)
        return moldau__tls_writev(c->tls, iov, niov);
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)niov};
    return sendmsg(c->fd, &msg, MSG_NOSIGNAL);
}

static ssize_t sock_read(moldau__conn_t *c, void *buf, size_t len)
{
    return c->tls ? moldau__tls_read(c->tls, buf, len) : read(c->fd, buf, len);
}

/* The reason of the last failed socket call (errno). */
static const char *sock_errstr(const moldau__conn_t *c)
{
    return c->tls && errno == EPROTO ? moldau__tls_errstr(c->tls) : strerror(errno);
}

static size_t tls_kept(const moldau__conn_t *c)
{
    return c->tls ? moldau__tls_write_pending(c->tls) : 0;
}

/* Whether TLS needs the socket writable: bytes kept (unless sending them waits for a read,
 * which would make a writable socket spin), or a read that must write first. */
static int tls_wants_writable(const moldau__conn_t *c)
{
    if (!c->tls)
        return 0;
    return c->read_wants_write ||
           (tls_kept(c) && !(moldau__tls_wants(c->tls) & MOLDAU__TLS_WANT_READ));
}

/* Writes what may be written: frames straight from their buffers and borrowed pieces,
 * gathered, in order, never starting a request that would exceed max_in_flight. */
static void flush(moldau__conn_t *c)
{
    req_list_t written = {0}; /* no-response requests, completed after the loop */
    int blocked = 0;
    if (tls_kept(c) && moldau__tls_writev(c->tls, NULL, 0) < 0 && errno != EAGAIN) {
        shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT, "%s: write failed: %s",
             c->peer, sock_errstr(c));
        return;
    }
    while (c->state == MOLDAU__CONN_UP && c->outq.head && !tls_kept(c)) {
        struct iovec iov[IOV_BATCH];
        int niov = 0;
        size_t total = 0;
        int budget = c->opts.max_in_flight - c->inflight.n;
        for (req_t *q = c->outq.head; q && niov < IOV_BATCH; q = q->next) {
            if (!(q->flags & MOLDAU__CONN_NO_RESPONSE)) {
                if (budget <= 0)
                    break;
                budget--;
            }
            size_t skip = q == c->outq.head ? c->head_written : 0;
            int k = moldau__frame_iov(&q->frame, skip, iov + niov, IOV_BATCH - niov);
            for (int i = 0; i < k; i++)
                total += iov[niov + i].iov_len;
            niov += k;
        }
        if (niov == 0) {
            blocked = 1; /* waiting for responses before the next request may start */
            break;
        }
        ssize_t n = sock_writev(c, iov, niov);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT, "%s: write failed: %s",
                 c->peer, sock_errstr(c));
            break;
        }
        size_t left = (size_t)n;
        while (c->outq.head &&
               left >= moldau__frame_len(&c->outq.head->frame) - c->head_written) {
            left -= moldau__frame_len(&c->outq.head->frame) - c->head_written;
            c->head_written = 0;
            req_t *q = list_pop(&c->outq);
            frame_drop(&q->frame, q->flags);
            list_push(q->flags & MOLDAU__CONN_NO_RESPONSE ? &written : &c->inflight, q);
        }
        c->head_written += left;
        if ((size_t)n < total && !c->tls)
            break; /* the socket buffer is full (TLS: the loop's condition says so) */
    }
    if (c->state == MOLDAU__CONN_UP)
        set_interest(c, MOLDAU__IO_READ | ((c->outq.head && !blocked) || tls_wants_writable(c)
                                               ? MOLDAU__IO_WRITE : 0));
    complete_all(&written, MOLDAU_ERR_NONE);
}

static void on_flush(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__conn_t *c = d->opaque;
    hold(c);
    flush(c);
    release(c);
}

/* ---- requests and deadlines ------------------------------------------------------------- */

static int expired(const req_t *q, int64_t now) { return q->deadline > 0 && q->deadline <= now; }

static void on_deadline(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__conn_t *c = t->opaque;
    int64_t now = moldau__now_ms();
    const req_t *late = NULL; /* the first expired request that is on the wire */
    for (req_t *q = c->inflight.head; q; q = q->next)
        if (expired(q, now) && !late)
            late = q;
    if (!late && c->outq.head && c->head_written > 0 && expired(c->outq.head, now))
        late = c->outq.head;
    if (late) {
        for (req_t *q = c->inflight.head; q; q = q->next)
            if (expired(q, now))
                q->err = MOLDAU_ERR__TIMED_OUT;
        for (req_t *q = c->outq.head; q; q = q->next)
            if (expired(q, now))
                q->err = MOLDAU_ERR__TIMED_OUT;
        shut(c, MOLDAU_ERR__TIMED_OUT, 1, MOLDAU_ERR__TRANSPORT,
             "%s: request (api key %d v%d, correlation id %d) timed out after it was sent; "
             "closing, as later responses could no longer be matched to their requests",
             c->peer, late->api_key, late->api_version, late->corr);
        return;
    }
    /* None on the wire: drop the expired ones alone, the order of responses is unaffected. */
    req_list_t dropped = {0}, kept = {0};
    req_t *q;
    while ((q = list_pop(&c->outq)) != NULL) {
        int started = kept.n == 0 && dropped.n == 0 && c->head_written > 0;
        list_push(!started && expired(q, now) ? &dropped : &kept, q);
    }
    c->outq = kept;
    moldau_err_t arm_err = MOLDAU_ERR_NONE;
    for (q = c->inflight.head; q && !arm_err; q = q->next)
        arm_err = moldau__timer_arm_earliest(c->r, &c->deadline_timer, q->deadline);
    for (q = c->outq.head; q && !arm_err; q = q->next)
        arm_err = moldau__timer_arm_earliest(c->r, &c->deadline_timer, q->deadline);
    hold(c);
    complete_all(&dropped, MOLDAU_ERR__TIMED_OUT);
    if (arm_err) /* no deadline would be kept any more: give the connection up instead */
        shut(c, MOLDAU_ERR__NO_MEMORY, 1, MOLDAU_ERR__TRANSPORT,
             "%s: out of memory for a request deadline", c->peer);
    release(c);
}

moldau_err_t moldau__conn_send(moldau__conn_t *c, moldau_buf_t *frame, int64_t deadline_ms,
                               unsigned flags, moldau__conn_resp_cb cb, void *opaque,
                               int32_t *correlation_id)
{
    moldau__frame_t f;
    moldau__frame_from_buf(&f, frame);
    return moldau__conn_send_frame(c, &f, deadline_ms, flags, cb, opaque, correlation_id);
}

/* A frame as described in conn.h: the header in its own bytes, segments in order. */
static int frame_ok(const moldau__frame_t *f)
{
    const moldau_buf_t *b = &f->buf;
    size_t len = moldau__frame_len(f);
    if (b->failed || f->failed || b->len < 12 || len - 4 > INT32_MAX ||
        ((uint32_t)b->data[0] << 24 | (uint32_t)b->data[1] << 16 | (uint32_t)b->data[2] << 8 |
         b->data[3]) != len - 4)
        return 0;
    size_t at = 12;
    for (size_t i = 0; i < f->n_segs; i++) {
        if (f->segs[i].at < at || f->segs[i].at > b->len || !f->segs[i].data)
            return 0;
        at = f->segs[i].at;
    }
    return 1;
}

moldau_err_t moldau__conn_send_frame(moldau__conn_t *c, moldau__frame_t *frame,
                                     int64_t deadline_ms, unsigned flags,
                                     moldau__conn_resp_cb cb, void *opaque,
                                     int32_t *correlation_id)
{
    moldau__frame_t f = *frame;
    moldau__frame_init(frame);
    moldau_err_t err = MOLDAU_ERR_NONE;
    req_t *q = NULL;
    if (c->state == MOLDAU__CONN_CLOSED)
        err = MOLDAU_ERR__STATE;
    else if (!frame_ok(&f) || !cb)
        err = MOLDAU_ERR__INVALID_ARG;
    else if (!(q = calloc(1, sizeof(*q))) ||
             moldau__timer_arm_earliest(c->r, &c->deadline_timer, deadline_ms))
        err = MOLDAU_ERR__NO_MEMORY;
    if (err) {
        free(q);
        frame_drop(&f, flags);
        return err;
    }
    q->corr = c->next_corr;
    c->next_corr = c->next_corr == INT32_MAX ? 0 : c->next_corr + 1;
    moldau_buf_patch_i32(&f.buf, 8, q->corr);
    q->api_key = (int16_t)(f.buf.data[4] << 8 | f.buf.data[5]);
    q->api_version = (int16_t)(f.buf.data[6] << 8 | f.buf.data[7]);
    q->frame = f;
    q->deadline = deadline_ms > 0 ? deadline_ms : 0;
    q->flags = flags;
    q->cb = cb;
    q->opaque = opaque;
    list_push(&c->outq, q);
    if (c->state == MOLDAU__CONN_UP)
        moldau__defer(c->r, &c->flusher);
    if (correlation_id)
        *correlation_id = q->corr;
    return MOLDAU_ERR_NONE;
}

/* ---- reading ---------------------------------------------------------------------------- */

static int32_t be32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

int moldau__conn_take_response(moldau__conn_t *c, moldau_buf_t *out)
{
    if (!c->in_response || c->taken || out->data)
        return -1;
    moldau_buf_t next;
    moldau_buf_init(&next);
    moldau__rbuf_pool_t *pool = moldau__reactor_rbuf_pool(c->r);
    if (pool) /* room for one more response like this one */
        moldau__rbuf_pool_get(pool, &next, c->frame_end - c->rpos);
    size_t rest = c->rbuf.len - c->frame_end; /* the start of later frames, read with this one */
    if (rest) {
        moldau_buf_put(&next, c->rbuf.data + c->frame_end, rest);
        if (next.failed) {
            moldau_buf_free(&next);
            return -1;
        }
    }
    *out = c->rbuf;
    c->rbuf = next;
    c->taken = 1;
    return 0;
}

/* Delivers one whole frame (without its size) to the head of the in-flight list. Returns 0 to
 * go on, -1 when the connection closed meanwhile. */
static int deliver(moldau__conn_t *c, const uint8_t *frame, size_t len)
{
    req_t *q = c->inflight.head;
    if (!q) {
        shut(c, MOLDAU_ERR__BAD_MSG, 1, MOLDAU_ERR__TRANSPORT,
             "%s: protocol error: a %zu-byte response arrived with no request in flight",
             c->peer, len);
        return -1;
    }
    moldau_reader_t rd;
    moldau_reader_init(&rd, frame, len);
    int32_t corr;
    if (moldau_response_header_read(&rd, q->api_key, q->api_version, &corr) != MOLDAU_ERR_NONE) {
        shut(c, MOLDAU_ERR__BAD_MSG, 1, MOLDAU_ERR__TRANSPORT,
             "%s: protocol error: malformed response header (%zu-byte response to api key %d "
             "v%d, correlation id %d)", c->peer, len, q->api_key, q->api_version, q->corr);
        return -1;
    }
    if (corr != q->corr) {
        shut(c, MOLDAU_ERR__BAD_MSG, 1, MOLDAU_ERR__TRANSPORT,
             "%s: protocol error: response correlation id %d does not match the oldest "
             "request in flight (api key %d v%d, correlation id %d)",
             c->peer, corr, q->api_key, q->api_version, q->corr);
        return -1;
    }
    list_pop(&c->inflight);
    c->in_response = 1;
    c->taken = 0;
    q->cb(MOLDAU_ERR_NONE, rd.p, moldau_reader_remaining(&rd), q->opaque);
    c->in_response = 0;
    free(q);
    return c->state == MOLDAU__CONN_UP ? 0 : -1;
}

/* Parses every whole frame in the buffer. Returns 0, or -1 when the connection closed. */
static int parse(moldau__conn_t *c)
{
    while (c->rbuf.len - c->rpos >= 4) {
        int32_t size = be32(c->rbuf.data + c->rpos);
        if (size < 0 || size > c->opts.max_response_size) {
            const uint8_t *p = c->rbuf.data + c->rpos;
            if (!c->tls && (p[0] == 0x15 || p[0] == 0x16) && p[1] == 0x03 && p[2] <= 0x04) {
                /* a TLS record (an alert, a handshake): what a TLS listener answers a
                 * plaintext request with */
                c->tls_failed = 1;
                shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT,
                     "%s: the broker answered with TLS: this is a TLS listener "
                     "(security.protocol=SSL)", c->peer);
                return -1;
            }
            shut(c, MOLDAU_ERR__BAD_MSG, 1, MOLDAU_ERR__TRANSPORT,
                 "%s: protocol error: response size %d is outside 0..%d "
                 "(a corrupt stream, or not a Kafka broker)",
                 c->peer, size, c->opts.max_response_size);
            return -1;
        }
        if (c->rbuf.len - c->rpos - 4 < (size_t)size)
            break;
        c->frame_end = c->rpos + 4 + (size_t)size;
        if (deliver(c, c->rbuf.data + c->rpos + 4, (size_t)size) < 0)
            return -1;
        c->rpos = c->taken ? 0 : c->frame_end;
        c->taken = 0;
    }
    return 0;
}

static void read_some(moldau__conn_t *c)
{
    int got_response = 0;
    for (;;) {
        size_t have = c->rbuf.len - c->rpos;
        if (c->rpos > 0) { /* move the partial frame to the front */
            memmove(c->rbuf.data, c->rbuf.data + c->rpos, have);
            c->rbuf.len = have;
            c->rpos = 0;
        }
        if (have == 0 && c->rbuf.cap > RBUF_KEEP) {
            moldau__rbuf_pool_t *pool = moldau__reactor_rbuf_pool(c->r);
            if (pool)
                moldau__rbuf_pool_put(pool, &c->rbuf);
            else
                moldau_buf_free(&c->rbuf);
        }
        size_t need = 4; /* the rest of the current frame, its size already checked */
        if (have >= 4)
            need = 4 + (size_t)be32(c->rbuf.data);
        size_t want = need > have ? need - have : 0;
        if (want < READ_CHUNK)
            want = READ_CHUNK;
        if (moldau_buf_reserve(&c->rbuf, want) < 0) {
            shut(c, MOLDAU_ERR__NO_MEMORY, 1, MOLDAU_ERR__TRANSPORT,
                 "%s: out of memory for a %zu-byte response", c->peer, need);
            return;
        }
        ssize_t n = sock_read(c, c->rbuf.data + c->rbuf.len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                c->tls_failed = c->tls && errno == EPROTO;
                shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT, "%s: read failed: %s",
                     c->peer, sock_errstr(c));
            } else if (c->tls && (moldau__tls_wants(c->tls) & MOLDAU__TLS_WANT_WRITE)) {
                c->read_wants_write = 1; /* read again once the socket is writable */
                set_interest(c, MOLDAU__IO_READ | MOLDAU__IO_WRITE);
            }
            break;
        }
        if (n == 0) {
            if (have > 0)
                shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT,
                     "%s: connection closed by the broker in the middle of a response "
                     "(%zu of %zu bytes received)", c->peer, have, need);
            else
                shut(c, MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT,
                     "%s: connection closed by the broker", c->peer);
            return;
        }
        c->rbuf.len += (size_t)n;
        int before = c->inflight.n;
        if (parse(c) < 0)
            return;
        got_response |= c->inflight.n < before;
        if ((size_t)n < want) {
            /* more is due (a frame cut, or answers outstanding): ack at once, so that a peer
             * without TCP_NODELAY never holds its next segment for our delayed ACK (Linux
             * clears the flag again by itself) */
            if (c->inflight.n > 0) {
                int one = 1;
                setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
            }
            break; /* drained for now */
        }
    }
    if (c->state == MOLDAU__CONN_UP && got_response && c->outq.head)
        moldau__defer(c->r, &c->flusher); /* room in flight again */
}

/* ---- connecting ------------------------------------------------------------------------- */

static void try_next_address(moldau__conn_t *c);

static void attempt_failed(moldau__conn_t *c, moldau_err_t err, const char *what);

/* TCP and (with TLS) the handshake are done: the connection is up. */
static void connected(moldau__conn_t *c)
{
    c->tls_failed = 0;
    moldau__timer_cancel(c->r, &c->connect_timer);
    moldau__addrs_free(&c->addrs);
    c->state = MOLDAU__CONN_UP;
    set_interest(c, MOLDAU__IO_READ);
    if (c->state != MOLDAU__CONN_UP)
        return;
    if (c->cbs.connected)
        c->cbs.connected(c, c->cbs.opaque);
    if (c->state == MOLDAU__CONN_UP && c->outq.head)
        flush(c);
}

/* One step of the TLS handshake, when the socket is ready for it. */
static void tls_step(moldau__conn_t *c)
{
    if (moldau__tls_handshake(c->tls) == 0) {
        connected(c);
        return;
    }
    if (errno != EAGAIN) {
        c->tls_failed = 1;
        attempt_failed(c, MOLDAU_ERR__TRANSPORT, moldau__tls_errstr(c->tls));
        return;
    }
    unsigned w = moldau__tls_wants(c->tls);
    if (moldau__io_set(c->r, &c->io, w & MOLDAU__TLS_WANT_WRITE ? MOLDAU__IO_WRITE
                                                                : MOLDAU__IO_READ))
        attempt_failed(c, MOLDAU_ERR__TRANSPORT, "cannot watch the socket");
}

/* The TCP connection is up: the connection is, or its TLS handshake starts (bounded by the
 * same connect timeout, so a peer that never answers the handshake cannot hang it). */
static void socket_connected(moldau__conn_t *c)
{
    if (!c->opts.tls) {
        connected(c);
        return;
    }
    char errstr[200];
    if (!(c->tls = moldau__tls_new(c->opts.tls, c->fd, c->host, errstr, sizeof(errstr)))) {
        attempt_failed(c, MOLDAU_ERR__NO_MEMORY, errstr);
        return;
    }
    if (!moldau__timer_armed(&c->connect_timer) &&
        moldau__timer_arm(c->r, &c->connect_timer,
                          moldau__now_ms() + c->opts.connect_timeout_ms)) {
        attempt_failed(c, MOLDAU_ERR__NO_MEMORY, "out of memory for the handshake's timer");
        return;
    }
    tls_step(c);
}

static void attempt_failed(moldau__conn_t *c, moldau_err_t err, const char *what)
{
    snprintf(c->last_error, sizeof(c->last_error), "%s: %s", c->peer, what);
    c->last_err = err;
    moldau__timer_cancel(c->r, &c->connect_timer);
    close_socket(c);
    try_next_address(c);
}

static void on_io(moldau__reactor_t *r, moldau__io_t *io, unsigned events)
{
    (void)r;
    moldau__conn_t *c = io->opaque;
    hold(c);
    if (c->state == MOLDAU__CONN_CONNECTING) {
        int soerr = 0;
        socklen_t len = sizeof(soerr);
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
            soerr = errno;
        if (c->tls)
            tls_step(c);
        else if (soerr)
            attempt_failed(c, MOLDAU_ERR__TRANSPORT, strerror(soerr));
        else
            socket_connected(c);
    } else if (c->state == MOLDAU__CONN_UP) {
        int kept = tls_kept(c) > 0; /* TLS bytes that may have waited for this read */
        if ((events & (MOLDAU__IO_READ | MOLDAU__IO_ERROR)) ||
            (c->read_wants_write && (events & MOLDAU__IO_WRITE))) {
            c->read_wants_write = 0;
            read_some(c);
        }
        if (c->state == MOLDAU__CONN_UP && ((events & MOLDAU__IO_WRITE) || kept))
            flush(c);
    }
    release(c);
}

static void on_connect_timeout(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__conn_t *c = t->opaque;
    char what[128];
    if (c->tls)
        snprintf(what, sizeof(what),
                 "TLS handshake timed out after %d ms (the peer does not answer TLS)",
                 c->opts.connect_timeout_ms);
    else
        snprintf(what, sizeof(what), "connect timed out after %d ms",
                 c->opts.connect_timeout_ms);
    hold(c);
    attempt_failed(c, MOLDAU_ERR__TIMED_OUT, what);
    release(c);
}

static void set_sockopts(moldau__conn_t *c)
{
    int one = 1;
    /* Requests are whole frames written at once: Nagle would only delay them. */
    if (c->opts.nodelay)
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (c->opts.send_buffer_bytes > 0)
        setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &c->opts.send_buffer_bytes, sizeof(int));
    if (c->opts.receive_buffer_bytes > 0)
        setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &c->opts.receive_buffer_bytes, sizeof(int));
}

/* Tries the remaining addresses until one connects, is in progress, or none is left. */
static void try_next_address(moldau__conn_t *c)
{
    while (c->next_addr < c->addrs.n) {
        const moldau__addr_t *a = &c->addrs.v[c->next_addr++];
        const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
        moldau__addr_str(sa, c->peer, sizeof(c->peer));
        c->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
            snprintf(c->last_error, sizeof(c->last_error), "%s: socket: %s", c->peer,
                     strerror(errno));
            c->last_err = MOLDAU_ERR__TRANSPORT;
            continue;
        }
        set_sockopts(c);
        moldau__io_init(&c->io, c->fd, on_io, c);
        int rc = connect(c->fd, sa, a->len);
        if (rc < 0 && errno != EINPROGRESS) {
            snprintf(c->last_error, sizeof(c->last_error), "%s: %s", c->peer, strerror(errno));
            c->last_err = MOLDAU_ERR__TRANSPORT;
            close(c->fd);
            c->fd = -1;
            continue;
        }
        if (moldau__io_add(c->r, &c->io, rc == 0 ? MOLDAU__IO_READ : MOLDAU__IO_WRITE) !=
                MOLDAU_ERR_NONE ||
            (rc < 0 && moldau__timer_arm(c->r, &c->connect_timer,
                                         moldau__now_ms() + c->opts.connect_timeout_ms))) {
            snprintf(c->last_error, sizeof(c->last_error), "%s: cannot watch the socket: %s",
                     c->peer, strerror(errno));
            c->last_err = MOLDAU_ERR__TRANSPORT;
            close_socket(c);
            continue;
        }
        if (rc == 0)
            socket_connected(c); /* loopback can connect at once */
        return;
    }
    shut(c, c->last_err ? c->last_err : MOLDAU_ERR__TRANSPORT, 1, MOLDAU_ERR__TRANSPORT,
         "cannot connect to %s: %s", c->name, c->last_error[0] ? c->last_error : "no address");
}

/* The addresses are known (or not): connect to the first, or close with the reason. */
static void resolved(moldau__conn_t *c, moldau_err_t err, const char *errstr)
{
    if (err) {
        shut(c, err, 1, MOLDAU_ERR__TRANSPORT, "%s: %s", c->name, errstr);
        return;
    }
    if (c->addrs.n == 0) {
        shut(c, MOLDAU_ERR__RESOLVE, 1, MOLDAU_ERR__TRANSPORT, "%s: cannot resolve %s: no address",
             c->name, c->host);
        return;
    }
    c->next_addr = 0;
    try_next_address(c);
}

static void on_looked_up(moldau_err_t err, moldau__addrs_t *addrs, const char *errstr,
                         void *opaque)
{
    moldau__conn_t *c = opaque;
    c->lookup = NULL;
    c->addrs = *addrs;
    memset(addrs, 0, sizeof(*addrs));
    hold(c);
    resolved(c, err, errstr);
    release(c);
}

/* A numeric address needs no lookup: getaddrinfo answers it at once, without DNS. */
static int is_numeric(const char *host)
{
    struct in6_addr a;
    return inet_pton(AF_INET, host, &a) == 1 || inet_pton(AF_INET6, host, &a) == 1;
}

static void on_start(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__conn_t *c = d->opaque;
    if (c->opts.resolve || !is_numeric(c->host)) {
        c->lookup = moldau__lookup_start(c->r, c->opts.resolve, c->opts.resolve_opaque, c->host,
                                         c->port, c->opts.family, on_looked_up, c);
        if (c->lookup)
            return;
        /* no helper thread to be had: resolve here rather than not at all */
    }
    hold(c);
    char errstr[256];
    errstr[0] = '\0';
    moldau__resolve_fn resolve = c->opts.resolve ? c->opts.resolve : moldau__addr_resolve;
    moldau_err_t err = resolve(c->opts.resolve_opaque, c->host, c->port, c->opts.family,
                               &c->addrs, errstr, sizeof(errstr));
    resolved(c, err, errstr);
    release(c);
}

moldau__conn_t *moldau__conn_new(moldau__reactor_t *r, const char *host, int port,
                                 const moldau__conn_opts_t *opts, const moldau__conn_cbs_t *cbs)
{
    moldau__conn_t *c = calloc(1, sizeof(*c));
    if (!c || !(c->host = strdup(host))) {
        free(c);
        return NULL;
    }
    c->r = r;
    c->refs = 1;
    c->port = port;
    c->fd = -1;
    c->state = MOLDAU__CONN_CONNECTING;
    if (opts)
        c->opts = *opts;
    else
        moldau__conn_opts_default(&c->opts);
    if (c->opts.max_in_flight < 1)
        c->opts.max_in_flight = 1;
    if (c->opts.max_response_size < 0)
        c->opts.max_response_size = INT32_MAX;
    if (cbs)
        c->cbs = *cbs;
    snprintf(c->name, sizeof(c->name), strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
    snprintf(c->peer, sizeof(c->peer), "%.*s", (int)sizeof(c->peer) - 1, c->name);
    moldau_buf_init(&c->rbuf);
    moldau__io_init(&c->io, -1, on_io, c);
    moldau__defer_init(&c->start, on_start, c);
    moldau__defer_init(&c->flusher, on_flush, c);
    moldau__timer_init(&c->connect_timer, on_connect_timeout, c);
    moldau__timer_init(&c->deadline_timer, on_deadline, c);
    moldau__defer(r, &c->start);
    return c;
}

moldau__conn_state_t moldau__conn_state(const moldau__conn_t *c) { return c->state; }
int moldau__conn_in_flight(const moldau__conn_t *c)
{
    return c->inflight.n + (c->head_written > 0 ? 1 : 0);
}
int moldau__conn_queued(const moldau__conn_t *c)
{
    return c->outq.n - (c->head_written > 0 ? 1 : 0);
}
const char *moldau__conn_name(const moldau__conn_t *c) { return c->name; }
const char *moldau__conn_peer(const moldau__conn_t *c) { return c->peer; }
const char *moldau__conn_errstr(const moldau__conn_t *c) { return c->errstr; }

int moldau__conn_tls_failed(const moldau__conn_t *c) { return c->tls_failed; }

void moldau__conn_tls_describe(const moldau__conn_t *c, char *out, size_t size)
{
    if (c->tls)
        moldau__tls_describe(c->tls, out, size);
    else if (size)
        out[0] = '\0';
}
