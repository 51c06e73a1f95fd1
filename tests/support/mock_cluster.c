/* mock_cluster — librdkafka's mock cluster as a process that tests steer with line commands.
 *
 * Test-only: links Debian's librdkafka (never libmoldau). The mock cluster can be driven only
 * through its C API inside the process that created it, so this launcher gives tests in other
 * processes a control channel.
 *
 *   mock_cluster [-b BROKERS] [-f FIFO]
 *
 * First line on stdout: `BOOTSTRAP host:port,host:port,...`. Then one command per line from stdin
 * (or from FIFO, opened read-write so that writers may come and go without an EOF); each is
 * answered on stdout with exactly one line, `OK ...` or `ERR message`. EOF on stdin, `quit`,
 * SIGTERM or SIGINT destroy the cluster and exit 0.
 *
 * Commands (ERR codes are numbers or librdkafka names such as NOT_LEADER_FOR_PARTITION; -195,
 * alias _TRANSPORT or `drop`, makes the broker close the connection instead of answering):
 *   bootstrap                                  OK <bootstrap servers>
 *   ping                                       OK
 *   topic create NAME PARTITIONS REPLICATION
 *   topic error NAME ERR                       error for the topic in Metadata (0 clears)
 *   partition leader TOPIC PART BROKER         BROKER -1: leaderless
 *   partition follower TOPIC PART BROKER       preferred replica for fetch-from-follower
 *   partition wmarks TOPIC PART LO HI          the follower's watermarks (-1: the leader's)
 *   broker down ID | broker up ID              ID -1: all brokers; no leader change
 *   broker rtt ID MS
 *   broker rack ID RACK
 *   push errors APIKEY COUNT ERR...            the cluster's next COUNT requests of APIKEY
 *   push broker-errors ID APIKEY COUNT ERR RTT_MS ...   the same for one broker, with delays
 *   drop APIKEY COUNT                          the next COUNT requests of APIKEY close the link
 *   clear errors APIKEY
 *   errors count ID APIKEY                     OK <errors left on that broker's stack>
 *   coordinator set group|txn KEY BROKER
 *   apiversion set APIKEY MIN MAX              -1 -1 disables the API
 *   quit
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_ARGS 64
#define MAX_ERRS 32

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_int32(const char *s, int32_t *out)
{
    long v;
    if (parse_long(s, INT32_MIN, INT32_MAX, &v))
        return -1;
    *out = (int32_t)v;
    return 0;
}

static int parse_int16(const char *s, int16_t *out)
{
    long v;
    if (parse_long(s, INT16_MIN, INT16_MAX, &v))
        return -1;
    *out = (int16_t)v;
    return 0;
}

/* A number, or a librdkafka error name with or without the RD_KAFKA_RESP_ERR_ prefix. */
static int parse_err(const char *s, rd_kafka_resp_err_t *out)
{
    long v;
    if (!parse_long(s, INT_MIN, INT_MAX, &v)) {
        *out = (rd_kafka_resp_err_t)v;
        return 0;
    }
    if (!strncmp(s, "RD_KAFKA_RESP_ERR_", 18))
        s += 18;
    const struct rd_kafka_err_desc *descs;
    size_t n;
    rd_kafka_get_err_descs(&descs, &n);
    for (size_t i = 0; i < n; i++) {
        if (descs[i].name && !strcmp(descs[i].name, s)) {
            *out = descs[i].code;
            return 0;
        }
    }
    return -1;
}

/* The answer to one command, written into `out`. Returns 1 when the command was quit. */
static int run_command(rd_kafka_mock_cluster_t *mc, int argc, char **argv, char *out, size_t n)
{
#define ERR(...) (snprintf(out, n, "ERR " __VA_ARGS__), 0)
#define IS(i, word) (argc > (i) && !strcmp(argv[i], word))
#define WANT(k) do { if (argc != (k)) return ERR("%s wants %d words", argv[0], (k)); } while (0)
#define RESULT(err)                                                                              \
    ((err) ? ERR("%s: %s", rd_kafka_err2name(err), rd_kafka_err2str(err))                      \
           : (snprintf(out, n, "OK"), 0))
    int32_t a, b, c;
    int16_t key, lo16, hi16;
    rd_kafka_resp_err_t errs[MAX_ERRS];
    long cnt;

    if (argc == 0)
        return ERR("empty command");
    if (IS(0, "quit")) {
        snprintf(out, n, "OK bye");
        return 1;
    }
    if (IS(0, "ping")) {
        WANT(1);
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "bootstrap")) {
        WANT(1);
        return snprintf(out, n, "OK %s", rd_kafka_mock_cluster_bootstraps(mc)), 0;
    }
    if (IS(0, "topic") && IS(1, "create")) {
        WANT(5);
        if (parse_int32(argv[3], &a) || parse_int32(argv[4], &b) || a < 1 || b < 1)
            return ERR("bad partition count or replication factor");
        return RESULT(rd_kafka_mock_topic_create(mc, argv[2], a, b));
    }
    if (IS(0, "topic") && IS(1, "error")) {
        WANT(4);
        if (parse_err(argv[3], &errs[0]))
            return ERR("unknown error %s", argv[3]);
        rd_kafka_mock_topic_set_error(mc, argv[2], errs[0]);
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "partition") && (IS(1, "leader") || IS(1, "follower"))) {
        WANT(5);
        if (parse_int32(argv[3], &a) || parse_int32(argv[4], &b))
            return ERR("bad partition or broker id");
        return RESULT(IS(1, "leader") ? rd_kafka_mock_partition_set_leader(mc, argv[2], a, b)
                                      : rd_kafka_mock_partition_set_follower(mc, argv[2], a, b));
    }
    if (IS(0, "partition") && IS(1, "wmarks")) {
        WANT(6);
        long lo, hi;
        if (parse_int32(argv[3], &a) || parse_long(argv[4], -1, LONG_MAX, &lo) ||
            parse_long(argv[5], -1, LONG_MAX, &hi))
            return ERR("bad partition or offsets");
        return RESULT(rd_kafka_mock_partition_set_follower_wmarks(mc, argv[2], a, lo, hi));
    }
    if (IS(0, "broker") && argc >= 3) {
        if (parse_int32(argv[2], &a))
            return ERR("bad broker id %s", argv[2]);
        if (IS(1, "down")) {
            WANT(3);
            return RESULT(rd_kafka_mock_broker_set_down(mc, a));
        }
        if (IS(1, "up")) {
            WANT(3);
            return RESULT(rd_kafka_mock_broker_set_up(mc, a));
        }
        if (IS(1, "rtt")) {
            WANT(4);
            if (parse_int32(argv[3], &b) || b < 0)
                return ERR("bad rtt");
            return RESULT(rd_kafka_mock_broker_set_rtt(mc, a, b));
        }
        if (IS(1, "rack")) {
            WANT(4);
            return RESULT(rd_kafka_mock_broker_set_rack(mc, a, argv[3]));
        }
        return ERR("unknown broker command %s", argv[1]);
    }
    if (IS(0, "push") && IS(1, "errors")) {
        if (argc < 5 || parse_int16(argv[2], &key) || parse_long(argv[3], 1, MAX_ERRS, &cnt))
            return ERR("push errors APIKEY COUNT ERR... (COUNT 1..%d)", MAX_ERRS);
        if (argc != 4 + cnt)
            return ERR("COUNT is %ld but %d errors given", cnt, argc - 4);
        for (long i = 0; i < cnt; i++)
            if (parse_err(argv[4 + i], &errs[i]))
                return ERR("unknown error %s", argv[4 + i]);
        rd_kafka_mock_push_request_errors_array(mc, key, (size_t)cnt, errs);
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "push") && IS(1, "broker-errors")) {
        if (argc < 7 || parse_int32(argv[2], &a) || parse_int16(argv[3], &key) ||
            parse_long(argv[4], 1, MAX_ERRS, &cnt))
            return ERR("push broker-errors ID APIKEY COUNT ERR RTT_MS ... (COUNT 1..%d)", MAX_ERRS);
        if (argc != 5 + 2 * cnt)
            return ERR("COUNT is %ld but %d words of ERR RTT_MS pairs given", cnt, argc - 5);
        int rtts[MAX_ERRS];
        for (long i = 0; i < cnt; i++) {
            if (parse_err(argv[5 + 2 * i], &errs[i]))
                return ERR("unknown error %s", argv[5 + 2 * i]);
            if (parse_int32(argv[6 + 2 * i], &b) || b < 0)
                return ERR("bad rtt %s", argv[6 + 2 * i]);
            rtts[i] = b;
        }
        /* The API is variadic only; each call appends to the end of the broker's stack, so
         * one call per pair keeps the order. */
        for (long i = 0; i < cnt; i++) {
            rd_kafka_resp_err_t e =
                rd_kafka_mock_broker_push_request_error_rtts(mc, a, key, 1, errs[i], rtts[i]);
            if (e)
                return RESULT(e);
        }
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "drop")) {
        WANT(3);
        if (parse_int16(argv[1], &key) || parse_long(argv[2], 1, MAX_ERRS, &cnt))
            return ERR("drop APIKEY COUNT (COUNT 1..%d)", MAX_ERRS);
        for (long i = 0; i < cnt; i++)
            errs[i] = RD_KAFKA_RESP_ERR__TRANSPORT;
        rd_kafka_mock_push_request_errors_array(mc, key, (size_t)cnt, errs);
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "clear") && IS(1, "errors")) {
        WANT(3);
        if (parse_int16(argv[2], &key))
            return ERR("bad api key");
        rd_kafka_mock_clear_request_errors(mc, key);
        return RESULT(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    if (IS(0, "errors") && IS(1, "count")) {
        WANT(4);
        size_t left = 0;
        if (parse_int32(argv[2], &a) || parse_int16(argv[3], &key))
            return ERR("errors count ID APIKEY");
        rd_kafka_resp_err_t e = rd_kafka_mock_broker_error_stack_cnt(mc, a, key, &left);
        if (e)
            return RESULT(e);
        return snprintf(out, n, "OK %zu", left), 0;
    }
    if (IS(0, "coordinator") && IS(1, "set")) {
        WANT(5);
        const char *type = argv[2];
        if (!strcmp(type, "txn"))
            type = "transaction";
        if (strcmp(type, "group") && strcmp(type, "transaction"))
            return ERR("coordinator type is group or txn");
        if (parse_int32(argv[4], &c))
            return ERR("bad broker id");
        return RESULT(rd_kafka_mock_coordinator_set(mc, type, argv[3], c));
    }
    if (IS(0, "apiversion") && IS(1, "set")) {
        WANT(5);
        if (parse_int16(argv[2], &key) || parse_int16(argv[3], &lo16) || parse_int16(argv[4], &hi16))
            return ERR("apiversion set APIKEY MIN MAX");
        return RESULT(rd_kafka_mock_set_apiversion(mc, key, lo16, hi16));
    }
    return ERR("unknown command %s", argv[0]);
#undef ERR
#undef IS
#undef WANT
#undef RESULT
}

static int split(char *line, char **argv)
{
    int argc = 0;
    for (char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save); tok && argc < MAX_ARGS;
         tok = strtok_r(NULL, " \t\r\n", &save))
        argv[argc++] = tok;
    return argc;
}

static void usage(void)
{
    fprintf(stderr, "usage: mock_cluster [-b BROKERS] [-f FIFO]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long brokers = 3;
    const char *fifo = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "b:f:h")) != -1) {
        if (opt == 'b' && !parse_long(optarg, 1, 64, &brokers))
            continue;
        if (opt == 'f') {
            fifo = optarg;
            continue;
        }
        usage();
    }
    if (optind != argc)
        usage();

    /* No SA_RESTART: a signal must interrupt the blocking read so we can clean up. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    FILE *in = stdin;
    if (fifo) {
        /* Read-write: we hold a writer ourselves, so clients writing one command at a time
         * never make us see EOF. */
        int fd = open(fifo, O_RDWR | O_CLOEXEC);
        if (fd < 0 || !(in = fdopen(fd, "r"))) {
            fprintf(stderr, "mock_cluster: %s: %s\n", fifo, strerror(errno));
            return 1;
        }
    }

    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* The handle only hosts the cluster; keep it from logging about its missing brokers. */
    rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    if (!rk) {
        fprintf(stderr, "mock_cluster: rd_kafka_new: %s\n", errstr);
        return 1;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, (int)brokers);
    if (!mc) {
        fprintf(stderr, "mock_cluster: could not create the mock cluster\n");
        rd_kafka_destroy(rk);
        return 1;
    }
    printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
    fflush(stdout);

    char line[4096], answer[512];
    char *args[MAX_ARGS];
    int quit = 0;
    while (!quit && !stop_requested && fgets(line, sizeof(line), in)) {
        int nargs = split(line, args);
        if (nargs == 0)
            continue;
        quit = run_command(mc, nargs, args, answer, sizeof(answer));
        printf("%s\n", answer);
        fflush(stdout);
    }

    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    if (in != stdin)
        fclose(in);
    return 0;
}
