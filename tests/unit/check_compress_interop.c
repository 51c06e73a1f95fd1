/* Compression interop with the system's own tools: what moldau writes is decoded by the gzip,
 * lz4 and zstd command line tools and by python's snappy module (the xerial framing checked
 * chunk by chunk), and moldau reads what those tools write. Whole compressed record batches
 * are exchanged with kafka-python's independent RecordBatch v2 code too. A missing tool skips
 * its test loudly on a developer's machine and fails under CI=true. Files go to a fresh /tmp
 * dir. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "moldau/protocol.h"

#define DATA_LEN 300000

static char dir[64];
static uint8_t *data;

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/moldau-interop-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* runs of text and of pseudo-random bytes: both compressed and stored blocks */
    data = malloc(DATA_LEN);
    srand(42);
    for (size_t i = 0; i < DATA_LEN; i++)
        data[i] = (i / 5000) % 3 == 2 ? (uint8_t)rand() : (uint8_t)("interop kafka moldau "[i % 21]);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(data);
}

static int run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Non-zero when the tool (or, for python, the module) can be used; otherwise skips loudly,
 * or fails the test under CI. */
static int need(const char *what, const char *check_cmd)
{
    if (run("%s >/dev/null 2>&1", check_cmd) == 0)
        return 1;
    const char *ci = getenv("CI");
    if (ci && strcmp(ci, "true") == 0)
        ck_abort_msg("%s is missing (CI=true: not skipping)", what);
    fprintf(stderr, "*** compress_interop: %s missing, test SKIPPED ***\n", what);
    return 0;
}

static void path(char *out, const char *name) { snprintf(out, 256, "%s/%s", dir, name); }

static void write_file(const char *name, const void *p, size_t n)
{
    char f[256];
    path(f, name);
    FILE *fp = fopen(f, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
    fclose(fp);
}

static void read_file(const char *name, moldau_buf_t *out)
{
    char f[256];
    path(f, name);
    FILE *fp = fopen(f, "rb");
    ck_assert_msg(fp != NULL, "no %s", f);
    moldau_buf_reset(out);
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        moldau_buf_put(out, chunk, n);
    fclose(fp);
}

static void expect_data(const moldau_buf_t *b)
{
    ck_assert_uint_eq(b->len, DATA_LEN);
    ck_assert(memcmp(b->data, data, DATA_LEN) == 0);
}

/* moldau compresses, `decode_cmd` (with %s = dir) turns dir/moldau.z into dir/moldau.out. */
static void tool_reads_moldau(moldau_codec_t codec, int level, const char *decode_fmt)
{
    moldau_buf_t z;
    moldau_buf_init(&z);
    ck_assert_int_eq(moldau_compress(codec, level, data, DATA_LEN, &z), MOLDAU_ERR_NONE);
    write_file("moldau.z", z.data, z.len);
    ck_assert_int_eq(run(decode_fmt, dir, dir), 0);
    read_file("moldau.out", &z);
    expect_data(&z);
    moldau_buf_free(&z);
}

/* `encode_fmt` (with %s = dir) turns dir/plain into dir/tool.z, which moldau decompresses. */
static void moldau_reads_tool(moldau_codec_t codec, const char *encode_fmt)
{
    write_file("plain", data, DATA_LEN);
    ck_assert_int_eq(run(encode_fmt, dir, dir), 0);
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    read_file("tool.z", &z);
    ck_assert_int_eq(moldau_decompress(codec, z.data, z.len, DATA_LEN, &out), MOLDAU_ERR_NONE);
    expect_data(&out);
    moldau_buf_reset(&out);
    ck_assert_int_eq(moldau_decompress(codec, z.data, z.len, DATA_LEN - 1, &out),
                     MOLDAU_ERR__TOO_LARGE);
    moldau_buf_free(&z);
    moldau_buf_free(&out);
}

START_TEST(gzip_cli)
{
    if (!need("gzip", "gzip --version"))
        return;
    tool_reads_moldau(MOLDAU_CODEC_GZIP, MOLDAU_COMPRESSION_LEVEL_DEFAULT,
                      "gzip -d -c < %s/moldau.z > %s/moldau.out");
    tool_reads_moldau(MOLDAU_CODEC_GZIP, 9, "gzip -d -c < %s/moldau.z > %s/moldau.out");
    moldau_reads_tool(MOLDAU_CODEC_GZIP, "gzip -c -9 < %s/plain > %s/tool.z");
    moldau_reads_tool(MOLDAU_CODEC_GZIP, "gzip -c -1 -n < %s/plain > %s/tool.z");
}
END_TEST

START_TEST(lz4_cli)
{
    if (!need("lz4", "lz4 --version"))
        return;
    tool_reads_moldau(MOLDAU_CODEC_LZ4, MOLDAU_COMPRESSION_LEVEL_DEFAULT,
                      "lz4 -d -c < %s/moldau.z > %s/moldau.out");
    tool_reads_moldau(MOLDAU_CODEC_LZ4, 12, "lz4 -d -c < %s/moldau.z > %s/moldau.out");
    /* the header Kafka's reader expects: independent 64 KiB blocks, no checksums */
    moldau_reads_tool(MOLDAU_CODEC_LZ4, "lz4 -q -c -B4 -BI --no-frame-crc < %s/plain > %s/tool.z");
    /* what the tool writes by default (4 MiB blocks, content checksum) is read as well */
    moldau_reads_tool(MOLDAU_CODEC_LZ4, "lz4 -q -c < %s/plain > %s/tool.z");
}
END_TEST

START_TEST(zstd_cli)
{
    if (!need("zstd", "zstd --version"))
        return;
    tool_reads_moldau(MOLDAU_CODEC_ZSTD, MOLDAU_COMPRESSION_LEVEL_DEFAULT,
                      "zstd -q -d -c < %s/moldau.z > %s/moldau.out");
    tool_reads_moldau(MOLDAU_CODEC_ZSTD, 19, "zstd -q -d -c < %s/moldau.z > %s/moldau.out");
    /* from a pipe the tool cannot know the size: a frame without content size, like
     * zstd-jni's streaming writer */
    moldau_reads_tool(MOLDAU_CODEC_ZSTD, "cat %s/plain | zstd -q -c > %s/tool.z");
    moldau_reads_tool(MOLDAU_CODEC_ZSTD, "zstd -q -c -19 < %s/plain > %s/tool.z");
}
END_TEST

/* Python with the snappy module (Debian's python3-snappy lives in /usr/bin/python3). */
static const char *python(void)
{
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static const char snappy_script[] =
    "import sys, struct, snappy\n"
    "mode, src, dst = sys.argv[1:4]\n"
    "data = open(src, 'rb').read()\n"
    "if mode == 'xerial-decode':\n"
    "    hdr = bytes([0x82]) + b'SNAPPY' + bytes([0, 0, 0, 0, 1, 0, 0, 0, 1])\n"
    "    assert data[:16] == hdr, 'xerial header'\n"
    "    pos, out = 16, []\n"
    "    while pos < len(data):\n"
    "        (n,) = struct.unpack('>i', data[pos:pos + 4])\n"
    "        chunk = snappy.uncompress(data[pos + 4:pos + 4 + n])\n"
    "        assert len(chunk) <= 32768, 'chunk of %d bytes' % len(chunk)\n"
    "        out.append(chunk)\n"
    "        pos += 4 + n\n"
    "    assert pos == len(data)\n"
    "    data = b''.join(out)\n"
    "elif mode == 'raw-encode':\n"
    "    data = snappy.compress(data)\n"
    "elif mode == 'kafka-encode':\n"
    "    import kafka.codec\n"
    "    data = kafka.codec.snappy_encode(data, xerial_compatible=True)\n"
    "elif mode == 'kafka-decode':\n"
    "    import kafka.codec\n"
    "    data = kafka.codec.snappy_decode(data)\n"
    "open(dst, 'wb').write(data)\n";

START_TEST(python_snappy)
{
    char check[128];
    snprintf(check, sizeof(check), "%s -c 'import snappy'", python());
    if (!need("python3 snappy module (python3-snappy)", check))
        return;
    write_file("snappy_tool.py", snappy_script, strlen(snappy_script));
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "%s %%s/snappy_tool.py xerial-decode %%s/moldau.z %s/moldau.out",
             python(), dir);
    tool_reads_moldau(MOLDAU_CODEC_SNAPPY, MOLDAU_COMPRESSION_LEVEL_DEFAULT, cmd);
    snprintf(cmd, sizeof(cmd), "%s %%s/snappy_tool.py raw-encode %%s/plain %s/tool.z", python(), dir);
    moldau_reads_tool(MOLDAU_CODEC_SNAPPY, cmd);
}
END_TEST

START_TEST(kafka_python_xerial)
{
    /* kafka-python's own xerial framing code: an independent writer and reader */
    char check[128];
    snprintf(check, sizeof(check), "%s -c 'import snappy, kafka.codec'", python());
    if (!need("python3 kafka module (python3-kafka)", check))
        return;
    write_file("snappy_tool.py", snappy_script, strlen(snappy_script));
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "%s %%s/snappy_tool.py kafka-decode %%s/moldau.z %s/moldau.out",
             python(), dir);
    tool_reads_moldau(MOLDAU_CODEC_SNAPPY, MOLDAU_COMPRESSION_LEVEL_DEFAULT, cmd);
    snprintf(cmd, sizeof(cmd), "%s %%s/snappy_tool.py kafka-encode %%s/plain %s/tool.z", python(),
             dir);
    moldau_reads_tool(MOLDAU_CODEC_SNAPPY, cmd);
}
END_TEST

/* The records both sides write: a listing line per record, "offset ts key value headers",
 * bytes in hex and "-" for null, is what both sides print and compare. */
static const char records_script[] =
    "import sys\n"
    "from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder\n"
    "def h(b):\n"
    "    return '-' if b is None else (b.hex() or '.')\n"
    "mode, path, codec = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
    "if mode == 'build':\n"
    "    b = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=0,\n"
    "                                  producer_id=-1, producer_epoch=-1, base_sequence=-1,\n"
    "                                  batch_size=1 << 20)\n"
    "    for i in range(50):\n"
    "        key = None if i % 5 == 0 else b'' if i % 7 == 0 else b'key-%d' % i\n"
    "        value = None if i % 11 == 0 else b'value-%d-' % i * (i % 9)\n"
    "        hdrs = [('h%d' % j, None if j == 1 else b'x' * j) for j in range(i % 3)]\n"
    "        b.append(i, timestamp=1700000000000 + i, key=key, value=value, headers=hdrs)\n"
    "    open(path, 'wb').write(bytes(b.build()))\n"
    "else:\n"
    "    batch = DefaultRecordBatch(open(path, 'rb').read())\n"
    "    assert batch.validate_crc(), 'crc'\n"
    "    assert batch.compression_type == codec, 'codec'\n"
    "    for r in batch:\n"
    "        hs = ','.join(k.encode().hex() + '=' + h(v) for k, v in r.headers)\n"
    "        print(r.offset, r.timestamp, h(r.key), h(r.value), hs or '.')\n";

static void hex_or_null(moldau_buf_t *w, moldau_bytes_t b)
{
    char tmp[3];
    if (b.len < 0)
        moldau_buf_put(w, "-", 1);
    else if (b.len == 0)
        moldau_buf_put(w, ".", 1);
    for (int32_t i = 0; i < b.len; i++) {
        snprintf(tmp, sizeof(tmp), "%02x", b.data[i]);
        moldau_buf_put(w, tmp, 2);
    }
}

/* The listing of the records the script builds, made by moldau from the same rules. */
static void expected_listing(moldau_buf_t *w, moldau_batch_builder_t *b)
{
    for (int i = 0; i < 50; i++) {
        char key[16], value[512] = "", line[64];
        snprintf(key, sizeof(key), "key-%d", i);
        for (int r = 0; r < i % 9; r++)
            snprintf(value + strlen(value), sizeof(value) - strlen(value), "value-%d-", i);
        moldau_bytes_t k = i % 5 == 0 ? MOLDAU_BYTES_NULL
                           : i % 7 == 0 ? (moldau_bytes_t){(const uint8_t *)"", 0}
                                        : (moldau_bytes_t){(const uint8_t *)key, (int32_t)strlen(key)};
        moldau_bytes_t v = i % 11 == 0 ? MOLDAU_BYTES_NULL
                                       : (moldau_bytes_t){(const uint8_t *)value, (int32_t)strlen(value)};
        moldau_header_t h[2] = {{{(const uint8_t *)"h0", 2}, {(const uint8_t *)"", 0}},
                                {{(const uint8_t *)"h1", 2}, MOLDAU_BYTES_NULL}};
        if (b)
            ck_assert_int_eq(moldau_batch_builder_append(b, 1700000000000LL + i, k, v, h,
                                                         (size_t)(i % 3)), MOLDAU_ERR_NONE);
        snprintf(line, sizeof(line), "%d %lld ", i, 1700000000000LL + i);
        moldau_buf_put(w, line, strlen(line));
        hex_or_null(w, k);
        moldau_buf_put(w, " ", 1);
        hex_or_null(w, v);
        moldau_buf_put(w, " ", 1);
        if (i % 3 == 0)
            moldau_buf_put(w, ".", 1);
        for (int j = 0; j < i % 3; j++) {
            moldau_buf_put(w, j ? ",6831=-" : "6830=.", j ? 7 : 6);
        }
        moldau_buf_put(w, "\n", 1);
    }
}

/* moldau's listing of a batch file. */
static void moldau_listing(const moldau_buf_t *file, moldau_buf_t *w, moldau_codec_t codec)
{
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, file->data, file->len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.codec, codec);
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_iter_t it;
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 1 << 20), MOLDAU_ERR_NONE);
    while (moldau_record_iter_next(&it, &rec)) {
        char line[64];
        snprintf(line, sizeof(line), "%lld %lld ", (long long)rec.offset, (long long)rec.timestamp);
        moldau_buf_put(w, line, strlen(line));
        hex_or_null(w, rec.key);
        moldau_buf_put(w, " ", 1);
        hex_or_null(w, rec.value);
        moldau_buf_put(w, " ", 1);
        if (rec.n_headers == 0)
            moldau_buf_put(w, ".", 1);
        moldau_header_iter_t hi;
        moldau_header_t h;
        moldau_header_iter_init(&hi, &rec);
        for (int j = 0; moldau_header_iter_next(&hi, &h); j++) {
            if (j)
                moldau_buf_put(w, ",", 1);
            hex_or_null(w, h.key);
            moldau_buf_put(w, "=", 1);
            hex_or_null(w, h.value);
        }
        moldau_buf_put(w, "\n", 1);
    }
    ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 0);
    ck_assert_int_eq(rs.err, MOLDAU_ERR_NONE);
    moldau_buf_free(&dbuf);
}

static void expect_same(const moldau_buf_t *got, const moldau_buf_t *want)
{
    ck_assert_msg(got->len == want->len && memcmp(got->data, want->data, got->len) == 0,
                  "listings differ:\n%.*s\n---- expected ----\n%.*s", (int)got->len,
                  (const char *)got->data, (int)want->len, (const char *)want->data);
}

START_TEST(kafka_python_record_batches)
{
    char check[160];
    snprintf(check, sizeof(check),
             "%s -c 'import snappy, kafka.record.default_records'", python());
    if (!need("python3 kafka module (python3-kafka)", check))
        return;
    write_file("records_tool.py", records_script, strlen(records_script));
    /* kafka-python here has gzip and snappy (lz4 and zstd need modules Debian lacks) */
    static const moldau_codec_t codecs[] = {MOLDAU_CODEC_NONE, MOLDAU_CODEC_GZIP,
                                            MOLDAU_CODEC_SNAPPY};
    for (size_t c = 0; c < sizeof(codecs) / sizeof(codecs[0]); c++) {
        moldau_buf_t want, got, file;
        moldau_buf_init(&want);
        moldau_buf_init(&got);
        moldau_buf_init(&file);
        /* moldau writes, kafka-python reads */
        moldau_batch_builder_t b;
        moldau_batch_builder_init(&b, codecs[c], MOLDAU_COMPRESSION_LEVEL_DEFAULT);
        expected_listing(&want, &b);
        const uint8_t *data;
        size_t len;
        ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
        write_file("moldau.batch", data, len);
        ck_assert_int_eq(run("%s %s/records_tool.py dump %s/moldau.batch %d > %s/dump.txt",
                             python(), dir, dir, (int)codecs[c], dir), 0);
        read_file("dump.txt", &got);
        expect_same(&got, &want);
        moldau_batch_builder_free(&b);
        /* kafka-python writes, moldau reads */
        ck_assert_int_eq(run("%s %s/records_tool.py build %s/py.batch %d", python(), dir, dir,
                             (int)codecs[c]), 0);
        read_file("py.batch", &file);
        moldau_buf_reset(&got);
        moldau_listing(&file, &got, codecs[c]);
        expect_same(&got, &want);
        moldau_buf_free(&want);
        moldau_buf_free(&got);
        moldau_buf_free(&file);
    }
}
END_TEST

Suite *moldau_test_compress_interop_suite(void)
{
    Suite *s = suite_create("compress_interop");
    TCase *tc = tcase_create("tools");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, gzip_cli);
    tcase_add_test(tc, lz4_cli);
    tcase_add_test(tc, zstd_cli);
    tcase_add_test(tc, python_snappy);
    tcase_add_test(tc, kafka_python_xerial);
    tcase_add_test(tc, kafka_python_record_batches);
    suite_add_tcase(s, tc);
    return s;
}
