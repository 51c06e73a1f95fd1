/* The conformance harness's own engine (conf_walk.c): a struct filled from case values compares
 * equal to them; every kind of difference is reported at its field path; descriptor mistakes
 * (wrong type, unknown name, missing field) are caught. Needs no schemas. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "conf_walk.h"

typedef struct item {
    int32_t id;
    const char *name;
} item_t;

typedef struct inner {
    int16_t a;
    int64_t b;
} inner_t;

typedef struct msg {
    int flag;
    int8_t i8;
    int16_t i16;
    uint16_t u16;
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    double f64;
    const char *s;
    const char *ns;
    moldau_bytes_t by;
    moldau_bytes_t rec;
    moldau_uuid_t id;
    inner_t inner;
    int32_t *ints;
    int32_t n_ints;
    const char **strs;
    int32_t n_strs;
    item_t *items;
    int32_t n_items;
    item_t *nitems;
    int32_t n_nitems;
    int32_t old;
    const char *old_s;
    item_t *old_items;
    int32_t n_old_items;
    inner_t old_inner;
    int32_t tagged;
    inner_t *ninner;    /* nullable structs */
    inner_t *nullinner;
} msg_t;

static const conf_field_t item_fields[] = {
    CONF_F(item_t, "Id", CT_INT32, id),
    CONF_F(item_t, "Name", CT_STRING, name),
    CONF_FIELDS_END,
};

static const conf_field_t inner_fields[] = {
    CONF_F(inner_t, "A", CT_INT16, a),
    CONF_F(inner_t, "B", CT_INT64, b),
    CONF_FIELDS_END,
};

static const conf_field_t msg_fields[] = {
    CONF_F(msg_t, "Flag", CT_BOOL, flag),
    CONF_F(msg_t, "I8", CT_INT8, i8),
    CONF_F(msg_t, "I16", CT_INT16, i16),
    CONF_F(msg_t, "U16", CT_UINT16, u16),
    CONF_F(msg_t, "I32", CT_INT32, i32),
    CONF_F(msg_t, "U32", CT_UINT32, u32),
    CONF_F(msg_t, "I64", CT_INT64, i64),
    CONF_F(msg_t, "F64", CT_FLOAT64, f64),
    CONF_F(msg_t, "S", CT_STRING, s),
    CONF_F(msg_t, "NullS", CT_STRING, ns),
    CONF_F(msg_t, "By", CT_BYTES, by),
    CONF_F(msg_t, "Rec", CT_BYTES, rec),
    CONF_F(msg_t, "Id", CT_UUID, id),
    CONF_STRUCT(msg_t, "Inner", inner, inner_fields),
    CONF_ARRAY(msg_t, "Ints", ints, n_ints, CT_INT32, int32_t),
    CONF_ARRAY(msg_t, "Strs", strs, n_strs, CT_STRING, const char *),
    CONF_ARRAY_OF(msg_t, "Items", items, n_items, item_t, item_fields),
    CONF_ARRAY_OF(msg_t, "NullItems", nitems, n_nitems, item_t, item_fields),
    CONF_F(msg_t, "Old", CT_INT32, old),
    CONF_F(msg_t, "OldS", CT_STRING, old_s),
    CONF_ARRAY_OF(msg_t, "OldItems", old_items, n_old_items, item_t, item_fields),
    CONF_STRUCT(msg_t, "OldInner", old_inner, inner_fields),
    CONF_F(msg_t, "Tagged", CT_INT32, tagged),
    CONF_NSTRUCT(msg_t, "NInner", ninner, inner_t, inner_fields),
    CONF_NSTRUCT(msg_t, "NullInner", nullinner, inner_t, inner_fields),
    CONF_FIELDS_END,
};

#define P(name, type, present, def) \
    "{\"name\":\"" name "\",\"type\":\"" type "\",\"present\":" present \
    ",\"tagged\":false,\"nullable\":false,\"default\":" def "}"
#define ITEM_SPEC(present) \
    "[" P("Id", "int32", present, "0") "," P("Name", "string", present, "\"\"") "]"
#define INNER_SPEC(present) \
    "[" P("A", "int16", present, "-1") "," P("B", "int64", present, "\"-1\"") "]"

static const char spec_json[] =
    "[" P("Flag", "bool", "true", "false") "," P("I8", "int8", "true", "0") ","
    P("I16", "int16", "true", "0") "," P("U16", "uint16", "true", "0") ","
    P("I32", "int32", "true", "0") "," P("U32", "uint32", "true", "\"0\"") ","
    P("I64", "int64", "true", "\"0\"") "," P("F64", "float64", "true", "0") ","
    P("S", "string", "true", "\"\"") "," P("NullS", "string", "true", "null") ","
    P("By", "bytes", "true", "\"\"") "," P("Rec", "records", "true", "null") ","
    P("Id", "uuid", "true", "\"00000000000000000000000000000000\"") ","
    "{\"name\":\"Inner\",\"type\":\"Inner\",\"present\":true,\"tagged\":false,\"default\":null,"
    "\"fields\":" INNER_SPEC("true") "},"
    P("Ints", "[]int32", "true", "[]") "," P("Strs", "[]string", "true", "[]") ","
    "{\"name\":\"Items\",\"type\":\"[]Item\",\"present\":true,\"tagged\":false,\"default\":[],"
    "\"fields\":" ITEM_SPEC("true") "},"
    "{\"name\":\"NullItems\",\"type\":\"[]Item\",\"present\":true,\"tagged\":false,"
    "\"default\":null,\"fields\":" ITEM_SPEC("true") "},"
    P("Old", "int32", "false", "-1") "," P("OldS", "string", "false", "\"\"") ","
    "{\"name\":\"OldItems\",\"type\":\"[]Item\",\"present\":false,\"tagged\":false,"
    "\"default\":[],\"fields\":" ITEM_SPEC("false") "},"
    "{\"name\":\"OldInner\",\"type\":\"Inner\",\"present\":false,\"tagged\":false,"
    "\"default\":null,\"fields\":" INNER_SPEC("false") "},"
    "{\"name\":\"Tagged\",\"type\":\"int32\",\"present\":true,\"tagged\":true,\"default\":-1},"
    "{\"name\":\"TaggedUndescribed\",\"type\":\"int32\",\"present\":true,\"tagged\":true,"
    "\"default\":-1},"
    "{\"name\":\"NInner\",\"type\":\"Inner\",\"present\":true,\"tagged\":false,"
    "\"nullable\":true,\"default\":null,\"fields\":" INNER_SPEC("true") "},"
    "{\"name\":\"NullInner\",\"type\":\"Inner\",\"present\":true,\"tagged\":false,"
    "\"nullable\":true,\"default\":null,\"fields\":" INNER_SPEC("true") "}"
    "]";

static const char value_json[] =
    "{\"Flag\":true,\"I8\":-128,\"I16\":32767,\"U16\":65535,\"I32\":-2147483648,"
    "\"U32\":\"4294967295\",\"I64\":\"-9223372036854775808\",\"F64\":-2.25,\"S\":\"h\\u00e9\","
    "\"NullS\":null,\"By\":\"00ff10\",\"Rec\":\"\",\"Id\":\"0102030405060708090a0b0c0d0e0f10\","
    "\"Inner\":{\"A\":7,\"B\":\"9007199254740993\"},\"Ints\":[1,-1,2147483647],"
    "\"Strs\":[\"x\",\"\"],\"Items\":[{\"Id\":1,\"Name\":\"a\"},{\"Id\":2,\"Name\":\"bb\"}],"
    "\"NullItems\":null,\"Tagged\":5,\"TaggedUndescribed\":9,"
    "\"NInner\":{\"A\":3,\"B\":\"4\"},\"NullInner\":null,\"_unknown_tags\":[[41,\"aa\"]]}";

static cJSON *spec, *value;
static moldau_arena_t arena;
static msg_t m;
static conf_report_t rep;

static void setup(void)
{
    spec = cJSON_Parse(spec_json);
    value = cJSON_Parse(value_json);
    ck_assert_ptr_nonnull(spec);
    ck_assert_ptr_nonnull(value);
    moldau_arena_init(&arena);
    memset(&m, 0, sizeof(m));
    memset(&rep, 0, sizeof(rep));
    conf_fill(&rep, &arena, msg_fields, spec, value, &m, "");
    ck_assert_msg(rep.n_errors == 0, "fill: %s", rep.text);
}

static void teardown(void)
{
    moldau_arena_free(&arena);
    cJSON_Delete(spec);
    cJSON_Delete(value);
}

static void expect_one_error(const char *needle)
{
    memset(&rep, 0, sizeof(rep));
    conf_compare(&rep, msg_fields, spec, value, &m, "");
    ck_assert_msg(rep.n_errors == 1, "want 1 error about %s, got %d: %s", needle, rep.n_errors,
                  rep.text);
    ck_assert_msg(strstr(rep.text, needle) != NULL, "want %s in: %s", needle, rep.text);
}

START_TEST(fill_sets_values_and_defaults)
{
    ck_assert_int_eq(m.flag, 1);
    ck_assert_int_eq(m.i8, -128);
    ck_assert_int_eq(m.u16, 65535);
    ck_assert_int_eq(m.i32, INT32_MIN);
    ck_assert_uint_eq(m.u32, UINT32_MAX);
    ck_assert(m.i64 == INT64_MIN);
    ck_assert(m.inner.b == 9007199254740993LL); /* not representable as a double */
    ck_assert_str_eq(m.s, "h\xc3\xa9");
    ck_assert_ptr_null(m.ns);
    ck_assert_int_eq(m.by.len, 3);
    ck_assert_int_eq(m.by.data[1], 0xff);
    ck_assert_int_eq(m.rec.len, 0);
    ck_assert_int_eq(m.id.b[15], 0x10);
    ck_assert_int_eq(m.n_ints, 3);
    ck_assert_int_eq(m.ints[2], INT32_MAX);
    ck_assert_str_eq(m.items[1].name, "bb");
    ck_assert_int_eq(m.n_nitems, -1);
    ck_assert_int_eq(m.old, -1);         /* absent: the schema default */
    ck_assert_str_eq(m.old_s, "");
    ck_assert_int_eq(m.n_old_items, 0);
    ck_assert_int_eq(m.old_inner.a, -1);
    ck_assert_int_eq(m.tagged, 5);
    ck_assert_ptr_nonnull(m.ninner);
    ck_assert(m.ninner->b == 4);
    ck_assert_ptr_null(m.nullinner);
}
END_TEST

START_TEST(filled_struct_compares_equal)
{
    conf_compare(&rep, msg_fields, spec, value, &m, "");
    ck_assert_msg(rep.n_errors == 0, "%s", rep.text);
    /* Absent fields are compared loosely: NULL for "", -1 for an empty array. */
    m.old_s = NULL;
    m.n_old_items = -1;
    conf_compare(&rep, msg_fields, spec, value, &m, "");
    ck_assert_msg(rep.n_errors == 0, "%s", rep.text);
}
END_TEST

START_TEST(each_difference_is_reported)
{
    switch (_i) {
    case 0: m.flag = 0; expect_one_error("Flag: got false"); break;
    case 1: m.i64 = 0; expect_one_error("I64: got 0, want -9223372036854775808"); break;
    case 2: m.u32 = 1; expect_one_error("U32"); break;
    case 3: m.f64 = 2.25; expect_one_error("F64"); break;
    case 4: m.s = "he"; expect_one_error("S: got \"he\""); break;
    case 5: m.ns = ""; expect_one_error("NullS: got \"\", want null"); break;
    case 6: m.by.len = 2; expect_one_error("By: got 00ff (len 2)"); break;
    case 7: m.rec = MOLDAU_BYTES_NULL; expect_one_error("Rec: got null"); break;
    case 8: m.id.b[0] = 9; expect_one_error("Id: got 09"); break;
    case 9: m.inner.a = 8; expect_one_error("Inner.A: got 8, want 7"); break;
    case 10: m.n_ints = 2; expect_one_error("Ints: got 2 elements, want 3"); break;
    case 11: m.strs[1] = NULL; expect_one_error("Strs[1]: got null"); break;
    case 12: m.items[1].name = "b"; expect_one_error("Items[1].Name"); break;
    case 13: m.n_nitems = 0; expect_one_error("NullItems: got 0 elements, want -1 (null)"); break;
    case 14: m.old = 5; expect_one_error("Old: got 5, want -1"); break;
    case 15: m.old_s = "x"; expect_one_error("OldS"); break;
    case 16: m.n_old_items = 1; expect_one_error("OldItems: absent"); break;
    case 17: m.old_inner.b = 0; expect_one_error("OldInner.B: got 0, want -1"); break;
    case 18: m.tagged = -1; expect_one_error("Tagged: got -1, want 5"); break;
    case 19: m.items = NULL; expect_one_error("Items: 2 elements but a NULL pointer"); break;
    case 20: m.ninner->a = 0; expect_one_error("NInner.A: got 0, want 3"); break;
    case 21: m.ninner = NULL; expect_one_error("NInner: got null, want a struct"); break;
    case 22: m.nullinner = m.ninner; expect_one_error("NullInner: got a struct, want null"); break;
    default: ck_abort();
    }
}
END_TEST

/* Descriptor mistakes: a wrong type, a name the schema lacks, a field left out. */
START_TEST(descriptor_mistakes_are_caught)
{
    conf_field_t bad[sizeof(msg_fields) / sizeof(msg_fields[0])];
    memcpy(bad, msg_fields, sizeof(bad));
    const char *want = NULL;
    size_t last = sizeof(bad) / sizeof(bad[0]) - 1;
    switch (_i) {
    case 0: bad[4].type = CT_INT16; want = "I32: descriptor says CT_INT16"; break;
    case 1: bad[14].elem = CT_INT64; want = "Ints: descriptor says CT_ARRAY of CT_INT64"; break;
    case 2: bad[0].name = "Flagg"; want = "Flag: not described"; break;
    case 3: bad[13].type = CT_INT32; want = "Inner: descriptor says CT_INT32"; break;
    case 4:
        memmove(&bad[4], &bad[5], (last - 4) * sizeof(bad[0]));
        want = "I32: not described";
        break;
    default: ck_abort();
    }
    memset(&rep, 0, sizeof(rep));
    conf_compare(&rep, bad, spec, value, &m, "");
    ck_assert_msg(rep.n_errors >= 1 && strstr(rep.text, want), "want %s in: %s", want, rep.text);
    if (_i == 2)
        ck_assert_msg(strstr(rep.text, "Flagg: described but not in the schema"), "%s",
                      rep.text);
    /* Filling a request catches the same mistakes. */
    moldau_arena_t a;
    moldau_arena_init(&a);
    msg_t m2;
    memset(&m2, 0, sizeof(m2));
    memset(&rep, 0, sizeof(rep));
    conf_fill(&rep, &a, bad, spec, value, &m2, "");
    ck_assert_msg(rep.n_errors >= 1 && strstr(rep.text, want), "want %s in: %s", want, rep.text);
    moldau_arena_free(&a);
}
END_TEST

Suite *moldau_test_conf_walk_suite(void)
{
    Suite *s = suite_create("conf_walk");
    TCase *tc = tcase_create("walk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fill_sets_values_and_defaults);
    tcase_add_test(tc, filled_struct_compares_equal);
    tcase_add_loop_test(tc, each_difference_is_reported, 0, 23);
    tcase_add_loop_test(tc, descriptor_mistakes_are_caught, 0, 5);
    suite_add_tcase(s, tc);
    return s;
}
