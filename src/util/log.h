/*
 * Logging as the layers below the client see it: a sink with a level threshold and a mask of
 * debug categories. The client implements the sink (stderr, or a queue drained on the
 * application's poll so log callbacks never run on the I/O thread); net, producer and consumer
 * only format and emit, and only when the level or category is on, so disabled tracing costs a
 * compare.
 */
#ifndef MOLDAU_UTIL_LOG_H
#define MOLDAU_UTIL_LOG_H

#include <stdarg.h>
#include <stddef.h>

/* syslog levels */
enum { MOLDAU_LOG_EMERG = 0, MOLDAU_LOG_ALERT, MOLDAU_LOG_CRIT, MOLDAU_LOG_ERR,
       MOLDAU_LOG_WARNING, MOLDAU_LOG_NOTICE, MOLDAU_LOG_INFO, MOLDAU_LOG_DEBUG };

/* Debug categories of every layer, set by the `debug` property. One table for the whole
 * library, here at the bottom, so each bit is a constant (the check stays one compare) and the
 * property's parser needs to know no layer; a layer uses only its own bits. */
enum {
    MOLDAU__DBG_PROTOCOL = 1 << 0, /* net: every request and response */
    MOLDAU__DBG_BROKER = 1 << 1,   /* net: connection state changes */
    MOLDAU__DBG_METADATA = 1 << 2, /* net: the cluster's metadata */
    MOLDAU__DBG_PRODUCER = 1 << 3,
    MOLDAU__DBG_CONSUMER = 1 << 4,
    MOLDAU__DBG_CGRP = 1 << 5,     /* consumer group */
    MOLDAU__DBG_CONF = 1 << 6,
    MOLDAU__DBG_ADMIN = 1 << 7,    /* admin client calls */
    MOLDAU__DBG_ALL = 0xff
};

/* The categories' names as the `debug` property spells them, "all" first; static storage. */
typedef struct moldau__dbg_category {
    const char *name;
    unsigned bits;
} moldau__dbg_category_t;
extern const moldau__dbg_category_t moldau__dbg_categories[];
extern const size_t moldau__dbg_n_categories;

typedef struct moldau__logger moldau__logger_t;
struct moldau__logger {
    int level;      /* highest level emitted */
    unsigned debug; /* MOLDAU__DBG_* bits */
    void (*emit)(moldau__logger_t *lg, int level, const char *facility, const char *message);
};

void moldau__log_emitv(moldau__logger_t *lg, int level, const char *facility, const char *fmt,
                       va_list ap);
void moldau__log_emit(moldau__logger_t *lg, int level, const char *facility, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

#define moldau__log(lg, lvl, fac, ...)                                                            \
    do {                                                                                          \
        if ((lg) && (lvl) <= (lg)->level)                                                         \
            moldau__log_emit((lg), (lvl), (fac), __VA_ARGS__);                                    \
    } while (0)

/* Debug lines of one category, only when `debug` names it. */
#define moldau__dbg(lg, sub, fac, ...)                                                            \
    do {                                                                                          \
        if ((lg) && ((lg)->debug & (sub)))                                                        \
            moldau__log_emit((lg), MOLDAU_LOG_DEBUG, (fac), __VA_ARGS__);                         \
    } while (0)

#endif
