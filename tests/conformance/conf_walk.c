/* Filling C structs from case values and comparing decoded structs with them, driven by a
 * descriptor's field table and the schema's field specs of one version (see conf_walk.h). */
#include "conf_walk.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report_line(conf_report_t *rep, const char *fmt, va_list ap)
{
    if (rep->len + 2 >= sizeof(rep->text))
        return;
    int n = vsnprintf(rep->text + rep->len, sizeof(rep->text) - rep->len - 1, fmt, ap);
    if (n < 0)
        return;
    rep->len += (size_t)n;
    if (rep->len > sizeof(rep->text) - 2)
        rep->len = sizeof(rep->text) - 2;
    rep->text[rep->len++] = '\n';
    rep->text[rep->len] = '\0';
}

void conf_report_add(conf_report_t *rep, const char *fmt, ...)
{
    rep->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    report_line(rep, fmt, ap);
    va_end(ap);
}

void conf_report_note(conf_report_t *rep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line(rep, fmt, ap);
    va_end(ap);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int conf_unhex(const char *hex, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = strlen(hex);
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *len = n / 2;
    return 0;
}

static const char *type_name(conf_type_t t)
{
    static const char *const names[] = {"CT_BOOL",   "CT_INT8",  "CT_INT16", "CT_UINT16",
                                        "CT_INT32",  "CT_INT64", "CT_FLOAT64", "CT_STRING",
                                        "CT_BYTES",  "CT_UUID",  "CT_STRUCT", "CT_ARRAY",
                                        "CT_UINT32", "CT_NSTRUCT"};
    return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "CT_?";
}

/* The descriptor type a schema type needs (arrays: the element's; *is_array says which). */
static int schema_type(const char *t, int has_fields, conf_type_t *out, int *is_array)
{
    static const struct { const char *name; conf_type_t type; } prims[] = {
        {"bool", CT_BOOL},     {"int8", CT_INT8},       {"int16", CT_INT16},
        {"uint16", CT_UINT16}, {"int32", CT_INT32},     {"uint32", CT_UINT32},
        {"int64", CT_INT64},   {"float64", CT_FLOAT64}, {"string", CT_STRING},
        {"bytes", CT_BYTES},   {"records", CT_BYTES},   {"uuid", CT_UUID},
    };
    *is_array = strncmp(t, "[]", 2) == 0;
    if (*is_array)
        t += 2;
    if (has_fields) {
        *out = CT_STRUCT;
        return 0;
    }
    for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
        if (strcmp(prims[i].name, t) == 0) {
            *out = prims[i].type;
            return 0;
        }
    return -1;
}

/* Checks that the descriptor's type fits the schema's; reports and returns -1 if not. */
static int check_type(conf_report_t *rep, const conf_field_t *d, const cJSON *s,
                      const char *path)
{
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(s, "type"));
    const cJSON *sub = cJSON_GetObjectItem(s, "fields");
    conf_type_t want;
    int is_array;
    if (!t || schema_type(t, sub != NULL, &want, &is_array) < 0) {
        conf_report_add(rep, "%s: schema type %s unknown to the harness", path, t ? t : "?");
        return -1;
    }
    conf_type_t got = is_array ? d->elem : d->type == CT_NSTRUCT ? CT_STRUCT : d->type;
    if ((d->type == CT_ARRAY) != is_array || got != want) {
        conf_report_add(rep, "%s: descriptor says %s%s%s, schema type %s needs %s%s", path,
                        type_name(d->type), d->type == CT_ARRAY ? " of " : "",
                        d->type == CT_ARRAY ? type_name(d->elem) : "", t,
                        is_array ? "CT_ARRAY of " : "", type_name(want));
        return -1;
    }
    if (want == CT_STRUCT && !d->sub) {
        conf_report_add(rep, "%s: descriptor of a struct has no sub-fields", path);
        return -1;
    }
    if (is_array && d->elem_size == 0) {
        conf_report_add(rep, "%s: descriptor of an array has elem_size 0", path);
        return -1;
    }
    return 0;
}

static void child_path(char *out, size_t cap, const char *path, const char *name)
{
    snprintf(out, cap, "%s%s%s", path, *path ? "." : "", name);
}

static void elem_path(char *out, size_t cap, const char *path, int32_t i)
{
    /* checking the result tells the compiler a truncated path is fine */
    if (snprintf(out, cap, "%s[%d]", path, (int)i) >= (int)cap)
        out[cap - 1] = '\0';
}

static int spec_bool(const cJSON *s, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItem(s, key));
}

static const conf_field_t *find_desc(const conf_field_t *desc, const char *name)
{
    for (const conf_field_t *d = desc; d->name; d++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* Descriptor fields the schema does not have at all are typos or stale names. */
static void check_unknown(conf_report_t *rep, const conf_field_t *desc, const cJSON *spec,
                          const char *path)
{
    for (const conf_field_t *d = desc; d->name; d++) {
        const cJSON *s;
        int found = 0;
        cJSON_ArrayForEach(s, spec)
        {
            const char *n = cJSON_GetStringValue(cJSON_GetObjectItem(s, "name"));
            if (n && strcmp(n, d->name) == 0)
                found = 1;
        }
        if (!found)
            conf_report_add(rep, "%s%s%s: described but not in the schema", path,
                            *path ? "." : "", d->name);
    }
}

/* ---- scalars --------------------------------------------------------------------------- */

static int64_t json_i64(const cJSON *j)
{
    if (cJSON_IsString(j))
        return strtoll(j->valuestring, NULL, 10);
    return (int64_t)j->valuedouble;
}

static void set_scalar(conf_report_t *rep, moldau_arena_t *a, conf_type_t t, void *p,
                       const cJSON *j, const char *path)
{
    switch (t) {
    case CT_BOOL: {
        int v = cJSON_IsTrue(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_INT8: {
        int8_t v = (int8_t)json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_INT16: {
        int16_t v = (int16_t)json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_UINT16: {
        uint16_t v = (uint16_t)json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_INT32: {
        int32_t v = (int32_t)json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_UINT32: {
        uint32_t v = (uint32_t)json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_INT64: {
        int64_t v = json_i64(j);
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_FLOAT64: {
        double v = j->valuedouble;
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_STRING: {
        const char *v = NULL;
        if (cJSON_IsString(j))
            v = moldau_arena_strndup(a, j->valuestring, strlen(j->valuestring));
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_BYTES: {
        moldau_bytes_t v = MOLDAU_BYTES_NULL;
        if (cJSON_IsString(j)) {
            size_t cap = strlen(j->valuestring) / 2 + 1, len = 0;
            uint8_t *buf = moldau_arena_calloc(a, cap, 1);
            if (!buf || conf_unhex(j->valuestring, buf, cap, &len) < 0)
                conf_report_add(rep, "%s: bad hex in the case", path);
            v.data = buf;
            v.len = (int32_t)len;
        }
        memcpy(p, &v, sizeof(v));
        return;
    }
    case CT_UUID: {
        moldau_uuid_t v = {{0}};
        size_t len = 0;
        if (!cJSON_IsString(j) || conf_unhex(j->valuestring, v.b, 16, &len) < 0 || len != 16)
            conf_report_add(rep, "%s: bad uuid in the case", path);
        memcpy(p, &v, sizeof(v));
        return;
    }
    default:
        conf_report_add(rep, "%s: %s is not a scalar", path, type_name(t));
    }
}

static void hex_of(char *out, size_t cap, const uint8_t *p, size_t n)
{
    size_t i = 0;
    out[0] = '\0';
    for (; i < n && 2 * i + 4 < cap; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
    if (i < n)
        snprintf(out + 2 * i, cap - 2 * i, "..");
}

/* Compares one scalar; `lenient` (fields absent from the version) takes NULL and "" strings,
 * and null and empty bytes, as equal. */
static void cmp_scalar(conf_report_t *rep, conf_type_t t, const void *p, const cJSON *j,
                       int lenient, const char *path)
{
    char got[96], want[96];
    switch (t) {
    case CT_BOOL: {
        int v;
        memcpy(&v, p, sizeof(v));
        if (!v != !cJSON_IsTrue(j))
            conf_report_add(rep, "%s: got %s, want %s", path, v ? "true" : "false",
                            cJSON_IsTrue(j) ? "true" : "false");
        return;
    }
    case CT_INT8:
    case CT_INT16:
    case CT_UINT16:
    case CT_INT32:
    case CT_UINT32:
    case CT_INT64: {
        int64_t v = 0;
        if (t == CT_INT8) { int8_t x; memcpy(&x, p, 1); v = x; }
        else if (t == CT_INT16) { int16_t x; memcpy(&x, p, 2); v = x; }
        else if (t == CT_UINT16) { uint16_t x; memcpy(&x, p, 2); v = x; }
        else if (t == CT_INT32) { int32_t x; memcpy(&x, p, 4); v = x; }
        else if (t == CT_UINT32) { uint32_t x; memcpy(&x, p, 4); v = x; }
        else memcpy(&v, p, 8);
        if (v != json_i64(j))
            conf_report_add(rep, "%s: got %" PRId64 ", want %" PRId64, path, v, json_i64(j));
        return;
    }
    case CT_FLOAT64: {
        double v;
        memcpy(&v, p, sizeof(v));
        if (v != j->valuedouble)
            conf_report_add(rep, "%s: got %.17g, want %.17g", path, v, j->valuedouble);
        return;
    }
    case CT_STRING: {
        const char *v;
        memcpy(&v, p, sizeof(v));
        const char *w = cJSON_IsString(j) ? j->valuestring : NULL;
        if (lenient && (!v || !*v) && (!w || !*w))
            return;
        if ((v == NULL) != (w == NULL) || (v && strcmp(v, w) != 0))
            conf_report_add(rep, "%s: got %s%s%s, want %s%s%s", path, v ? "\"" : "",
                            v ? v : "null", v ? "\"" : "", w ? "\"" : "", w ? w : "null",
                            w ? "\"" : "");
        return;
    }
    case CT_BYTES: {
        moldau_bytes_t v;
        memcpy(&v, p, sizeof(v));
        uint8_t buf[4096];
        size_t len = 0;
        int want_null = !cJSON_IsString(j);
        if (!want_null && conf_unhex(j->valuestring, buf, sizeof(buf), &len) < 0) {
            conf_report_add(rep, "%s: bad hex in the case", path);
            return;
        }
        if (lenient && v.len <= 0 && len == 0)
            return;
        if (v.len < 0 ? !want_null
                      : (want_null || (size_t)v.len != len ||
                         (len && (!v.data || memcmp(v.data, buf, len) != 0)))) {
            if (v.len < 0)
                snprintf(got, sizeof(got), "null");
            else if (!v.data)
                snprintf(got, sizeof(got), "len %d with data NULL", (int)v.len);
            else
                hex_of(got, sizeof(got), v.data, (size_t)v.len);
            if (want_null)
                snprintf(want, sizeof(want), "null");
            else
                hex_of(want, sizeof(want), buf, len);
            conf_report_add(rep, "%s: got %s (len %d), want %s (len %zu)", path, got,
                            (int)v.len, want, want_null ? (size_t)0 : len);
        }
        return;
    }
    case CT_UUID: {
        moldau_uuid_t v, w = {{0}};
        size_t len = 0;
        memcpy(&v, p, sizeof(v));
        if (!cJSON_IsString(j) || conf_unhex(j->valuestring, w.b, 16, &len) < 0 || len != 16) {
            conf_report_add(rep, "%s: bad uuid in the case", path);
            return;
        }
        if (memcmp(v.b, w.b, 16) != 0) {
            hex_of(got, sizeof(got), v.b, 16);
            conf_report_add(rep, "%s: got %s, want %s", path, got, j->valuestring);
        }
        return;
    }
    default:
        conf_report_add(rep, "%s: %s is not a scalar", path, type_name(t));
    }
}

/* ---- fill -------------------------------------------------------------------------------- */

static void fill_struct(conf_report_t *rep, moldau_arena_t *a, const conf_field_t *desc,
                        const cJSON *spec, const cJSON *value, char *base, const char *path);

static void fill_field(conf_report_t *rep, moldau_arena_t *a, const conf_field_t *d,
                       const cJSON *s, const cJSON *j, char *base, const char *path)
{
    const cJSON *sub = cJSON_GetObjectItem(s, "fields");
    if (d->type == CT_STRUCT) {
        if (j && cJSON_IsNull(j))
            conf_report_add(rep, "%s: null struct: a C struct member cannot say null", path);
        fill_struct(rep, a, d->sub, sub, j, base + d->offset, path);
        return;
    }
    if (d->type == CT_NSTRUCT) {
        /* absent from the version: the schema's default, null for every such field so far */
        char *mem = NULL;
        if (j && !cJSON_IsNull(j) && !(mem = moldau_arena_calloc(a, 1, d->elem_size)))
            conf_report_add(rep, "%s: out of memory", path);
        memcpy(base + d->offset, &mem, sizeof(mem));
        if (mem)
            fill_struct(rep, a, d->sub, sub, j, mem, path);
        return;
    }
    if (d->type != CT_ARRAY) {
        set_scalar(rep, a, d->type, base + d->offset, j ? j : cJSON_GetObjectItem(s, "default"),
                   path);
        return;
    }
    if (!j)
        j = cJSON_GetObjectItem(s, "default");
    int32_t n = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : -1;
    char *mem = NULL;
    if (n > 0 && !(mem = moldau_arena_calloc(a, (size_t)n, d->elem_size))) {
        conf_report_add(rep, "%s: out of memory", path);
        n = 0;
    }
    /* An empty array keeps a NULL pointer: the count alone says empty (-1 is null). */
    memcpy(base + d->offset, &mem, sizeof(mem));
    memcpy(base + d->count_offset, &n, sizeof(n));
    for (int32_t i = 0; i < n; i++) {
        char p[256];
        elem_path(p, sizeof(p), path, i);
        const cJSON *e = cJSON_GetArrayItem(j, (int)i);
        if (d->elem == CT_STRUCT)
            fill_struct(rep, a, d->sub, sub, e, mem + (size_t)i * d->elem_size, p);
        else
            set_scalar(rep, a, d->elem, mem + (size_t)i * d->elem_size, e, p);
    }
}

/* value NULL: every field takes its default. */
static void fill_struct(conf_report_t *rep, moldau_arena_t *a, const conf_field_t *desc,
                        const cJSON *spec, const cJSON *value, char *base, const char *path)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, spec)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(s, "name"));
        char p[256];
        child_path(p, sizeof(p), path, name ? name : "?");
        const conf_field_t *d = name ? find_desc(desc, name) : NULL;
        int present = spec_bool(s, "present");
        if (!d) {
            if (present && !spec_bool(s, "tagged") && value)
                conf_report_add(rep, "%s: not described (the encoding needs it)", p);
            continue;
        }
        if (check_type(rep, d, s, p) < 0)
            continue;
        const cJSON *j = present && value ? cJSON_GetObjectItem(value, name) : NULL;
        fill_field(rep, a, d, s, j, base, p);
    }
    check_unknown(rep, desc, spec, path);
}

void conf_fill(conf_report_t *rep, moldau_arena_t *a, const conf_field_t *desc,
               const cJSON *spec, const cJSON *value, void *base, const char *path)
{
    fill_struct(rep, a, desc, spec, value, base, path);
}

/* ---- compare ----------------------------------------------------------------------------- */

static void cmp_struct(conf_report_t *rep, const conf_field_t *desc, const cJSON *spec,
                       const cJSON *value, const char *base, const char *path);

static void cmp_field(conf_report_t *rep, const conf_field_t *d, const cJSON *s,
                      const cJSON *j, const char *base, const char *path)
{
    const cJSON *sub = cJSON_GetObjectItem(s, "fields");
    int lenient = j == NULL; /* absent from the version: the default, loosely */
    if (d->type == CT_STRUCT) {
        cmp_struct(rep, d->sub, sub, j, base + d->offset, path);
        return;
    }
    if (d->type == CT_NSTRUCT) {
        const char *mem;
        memcpy(&mem, base + d->offset, sizeof(mem));
        if (!j || cJSON_IsNull(j)) {
            if (mem)
                conf_report_add(rep, "%s: got a struct, want null", path);
        } else if (!mem) {
            conf_report_add(rep, "%s: got null, want a struct", path);
        } else {
            cmp_struct(rep, d->sub, sub, j, mem, path);
        }
        return;
    }
    if (d->type != CT_ARRAY) {
        cmp_scalar(rep, d->type, base + d->offset, j ? j : cJSON_GetObjectItem(s, "default"),
                   lenient, path);
        return;
    }
    const char *mem;
    int32_t n;
    memcpy(&mem, base + d->offset, sizeof(mem));
    memcpy(&n, base + d->count_offset, sizeof(n));
    if (lenient) {
        if (n != 0 && n != -1)
            conf_report_add(rep, "%s: absent from this version, got %d elements, want none",
                            path, (int)n);
        return;
    }
    int32_t want = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : -1;
    if (n != want) {
        conf_report_add(rep, "%s: got %d elements, want %d%s", path, (int)n, (int)want,
                        want == -1 ? " (null)" : "");
        return;
    }
    if (n > 0 && !mem) {
        conf_report_add(rep, "%s: %d elements but a NULL pointer", path, (int)n);
        return;
    }
    for (int32_t i = 0; i < n; i++) {
        char p[256];
        elem_path(p, sizeof(p), path, i);
        const cJSON *e = cJSON_GetArrayItem(j, (int)i);
        if (d->elem == CT_STRUCT)
            cmp_struct(rep, d->sub, sub, e, mem + (size_t)i * d->elem_size, p);
        else
            cmp_scalar(rep, d->elem, mem + (size_t)i * d->elem_size, e, 0, p);
    }
}

/* value NULL: every field must hold its default. */
static void cmp_struct(conf_report_t *rep, const conf_field_t *desc, const cJSON *spec,
                       const cJSON *value, const char *base, const char *path)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, spec)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(s, "name"));
        char p[256];
        child_path(p, sizeof(p), path, name ? name : "?");
        const conf_field_t *d = name ? find_desc(desc, name) : NULL;
        int present = spec_bool(s, "present");
        if (!d) {
            if (present && !spec_bool(s, "tagged") && value)
                conf_report_add(rep, "%s: not described (cannot check the decoded value)", p);
            continue;
        }
        if (check_type(rep, d, s, p) < 0)
            continue;
        const cJSON *j = present && value ? cJSON_GetObjectItem(value, name) : NULL;
        if (j && cJSON_IsNull(j) && d->type == CT_STRUCT) {
            conf_report_add(rep, "%s: null struct: a C struct member cannot say null", p);
            continue;
        }
        cmp_field(rep, d, s, j, base, p);
    }
    check_unknown(rep, desc, spec, path);
}

void conf_compare(conf_report_t *rep, const conf_field_t *desc, const cJSON *spec,
                  const cJSON *value, const void *base, const char *path)
{
    cmp_struct(rep, desc, spec, value, base, path);
}
