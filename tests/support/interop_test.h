/* Interop checks from C tests: do other clients (kafka-python, confluent-kafka, kcat) read
 * back exactly the records a test produced, and produce records for moldau to read?
 * Runs tests/interop/readback.py (see its header) with Debian's /usr/bin/python3. Test-only.
 *
 *   TEST_NEED_KAFKA(bootstrap);
 *   interop_result_t r;
 *   interop_topic_name(topic, sizeof(topic), "produce-basic");
 *   INTEROP_ASSERT_OK(&r, interop_create_topic(&r, bootstrap, topic, 3));
 *   ... produce msgs[0..n) with moldau (msg.topic = topic) and flush ...
 *   for (const char *const *c = interop_clients; *c; c++)
 *       INTEROP_ASSERT_OK(&r, interop_check(&r, *c, bootstrap, topic, msgs, n, "lz4"));
 *
 * and the reverse: interop_produce(&r, "kcat", bootstrap, topic, msgs, n, "zstd"), consume
 * with moldau writing each record with interop_actual_write, then interop_compare.
 *
 * The expected records are moldau_producer_record_t (the producer's type; `topic` is ignored): the
 * record's id is its index, so each partition must hold them in index order; partition
 * MOLDAU_PARTITION_ANY means "any partition"; key/value NULL mean null (a non-NULL pointer
 * with length 0 is an empty one); header value NULL means a null header value; timestamp 0
 * means "not checked". Explicit timestamps older than 7 days are fine on a topic made by
 * interop_create_topic (retention.ms=-1); on other topics time retention may delete them.
 * Timestamps more than an hour in the future are refused by Kafka 4 by default.
 *
 * A topic must hold only the records of one check: the whole topic is compared.
 * Statuses: INTEROP_PASS, INTEROP_FAIL (the output says exactly what differs), INTEROP_SKIP
 * (the client, its interpreter or a codec is missing: printed loudly on stderr; under CI=true
 * readback.py turns a missing client into a failure, see readback.py for codecs).
 *
 * Environment: MOLDAU_INTEROP_PYTHON (default /usr/bin/python3), MOLDAU_SRCDIR (set by make;
 * the script is $MOLDAU_SRCDIR/tests/interop/readback.py, else ./tests/interop/readback.py),
 * MOLDAU_INTEROP_TIMEOUT (seconds per tool run, default 60), MOLDAU_INTEROP_VERBOSE=1 (print
 * the output of passing runs too). */
#ifndef MOLDAU_TEST_INTEROP_H
#define MOLDAU_TEST_INTEROP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "moldau/producer.h"

enum { INTEROP_PASS = 0, INTEROP_FAIL = 1, INTEROP_SKIP = 77 };

typedef struct interop_result {
    int status;           /* INTEROP_PASS, INTEROP_FAIL or INTEROP_SKIP */
    char output[16384];   /* the command line, then what the tool printed (cut if longer) */
} interop_result_t;

/* NULL-terminated lists: the other clients, and the compression codecs by their Kafka names. */
extern const char *const interop_clients[];
extern const char *const interop_codecs[];

/* A topic name unique to this process and call: "moldau-interop-<what>-<pid>-<n>". */
void interop_topic_name(char *buf, size_t size, const char *what);

/* Writes msgs[0..n) as an expectations file (JSON lines, see tests/interop/records.py).
 * Returns 0, or -1 with errno set. */
int interop_write_expected(const char *path, const moldau_producer_record_t *msgs, size_t n);

/* Reads all of `topic` with `client` and compares it with the expectations file `expect_path`.
 * `codec` (NULL: unknown) names the codec the topic holds, for the skip/fail decision when the
 * client cannot decompress it. Returns res->status. */
int interop_readback(interop_result_t *res, const char *client, const char *bootstrap,
                     const char *topic, const char *expect_path, const char *codec);

/* interop_write_expected into a temporary file, interop_readback, and removes the file. */
int interop_check(interop_result_t *res, const char *client, const char *bootstrap,
                  const char *topic, const moldau_producer_record_t *msgs, size_t n,
                  const char *codec);

/* Produces msgs[0..n) to `topic` with `client` (acks=all, in order, every delivery waited
 * for), compressed with `compression` (NULL: none). INTEROP_FAIL with "BAD TEST" in the
 * output when the client cannot express a record (kcat: no timestamps, no null key/value
 * next to an empty one, no NUL in header values; kafka-python: no null header values, not
 * both key and value null). */
int interop_produce(interop_result_t *res, const char *client, const char *bootstrap,
                    const char *topic, const moldau_producer_record_t *msgs, size_t n,
                    const char *compression);

/* Creates `topic` with `partitions` partitions (replication 1, retention.ms=-1) and waits
 * until every partition has a leader. */
int interop_create_topic(interop_result_t *res, const char *bootstrap, const char *topic,
                         int partitions);

/* The reverse direction (other clients produce with interop_produce, moldau consumes): write
 * what moldau read, one record at a time, then compare it with the expected records.
 * interop_actual_write takes a consumed record as moldau's consumer hands it out (its
 * partition, offset, key, value, headers and timestamp; topic ignored). Both return 0, or -1
 * with errno set. */
int interop_actual_write(FILE *f, const moldau_consumer_record_t *m);
int interop_compare(interop_result_t *res, const char *actual_path,
                    const moldau_producer_record_t *msgs, size_t n);

/* Runs readback.py with the given arguments (NULL-terminated); the general form of the above. */
int interop_run(interop_result_t *res, const char *const *args);
/* Runs tests/interop/<name> under `python` (NULL: MOLDAU_INTEROP_PYTHON, else
 * /usr/bin/python3) with the given arguments (NULL-terminated, at most 120) and nothing added;
 * exit 0 is INTEROP_PASS, 77 INTEROP_SKIP, anything else INTEROP_FAIL. */
int interop_run_script(interop_result_t *res, const char *python, const char *name,
                       const char *const *args);

/* Fails the test on INTEROP_FAIL with the tool's output; passes through otherwise. */
#define INTEROP_ASSERT_OK(res, call)                                                             \
    do {                                                                                         \
        int interop_st_ = (call);                                                                \
        ck_assert_msg(interop_st_ != INTEROP_FAIL, "%s", (res)->output);                          \
    } while (0)

#endif
