/* The client's log sink: level and debug subsystems from the configuration; lines go to the
 * application's log callback (queued, served on its poll) or to stderr. */
#ifndef MOLDAU_CLIENT_LOG_H
#define MOLDAU_CLIENT_LOG_H

#include "moldau/conf.h"
#include "util/log.h"

/* Parses the `debug` property ("protocol,broker", "all", ...) into MOLDAU__DBG_* bits.
 * Returns 0, or -1 with errstr naming the unknown subsystem. */
int moldau__debug_parse(const char *list, unsigned *mask, char *errstr, size_t errstr_size);

/* A sink that writes to stderr: "%Y-%m-%dT%H:%M:%S.mmm LEVEL facility: message". */
void moldau__log_stderr(moldau__logger_t *lg, int level, const char *facility,
                        const char *message);

#endif
