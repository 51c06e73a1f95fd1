/*
 * moldau — the version of these headers, and of the library at run time.
 *
 * MOLDAU_VERSION is one number for compile-time comparisons:
 * (MAJOR << 16) | (MINOR << 8) | PATCH, so 0.1.0 is 0x000100 and
 *   #if MOLDAU_VERSION >= 0x000200
 * means "0.2.0 or later". The Makefile reads the version from MOLDAU_VERSION_STR here.
 */
#ifndef MOLDAU_VERSION_H
#define MOLDAU_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define MOLDAU_VERSION_MAJOR 0
#define MOLDAU_VERSION_MINOR 1
#define MOLDAU_VERSION_PATCH 0
#define MOLDAU_VERSION_STR "0.1.0"
#define MOLDAU_VERSION                                                                         \
    ((MOLDAU_VERSION_MAJOR << 16) | (MOLDAU_VERSION_MINOR << 8) | MOLDAU_VERSION_PATCH)

/* The library's version string, e.g. "0.1.0" (may differ from the header's when linked
 * dynamically against another build). Static storage: never freed. */
const char *moldau_version(void);

#ifdef __cplusplus
}
#endif
#endif
