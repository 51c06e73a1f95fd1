/* See topic_test.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau/protocol.h"
#include "peer_test.h"
#include "topic_test.h"

/* 1 when Metadata shows the topic with all its partitions led (partitions < 0: when it shows
 * the topic unknown), 0 when not yet, -1 on error. */
static int topic_ready(int fd, const char *topic, int32_t partitions)
{
    const int16_t version = 9;
    moldau_metadata_request_topic_t t = {0};
    t.name = topic;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.topics = &t;
    req.n_topics = 1;
    req.allow_auto_topic_creation = 0;
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    moldau_arena_t a;
    moldau_arena_init(&a);
    int rc = -1;
    moldau_metadata_response_t md;
    moldau_reader_t r;
    int32_t corr;
    if (moldau_metadata_request_encode(&body, version, &req) ||
        test_send_request(fd, MOLDAU_API_METADATA, version, 2, body.data, body.len) ||
        test_recv_frame(fd, &frame))
        goto out;
    moldau_reader_init(&r, frame.data, frame.len);
    if (moldau_response_header_read(&r, MOLDAU_API_METADATA, version, &corr) ||
        moldau_metadata_response_decode(&r, version, &a, &md) || md.n_topics != 1)
        goto out;
    if (partitions < 0) {
        rc = md.topics[0].error_code == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    rc = md.topics[0].error_code == 0 && md.topics[0].n_partitions == partitions;
    for (int32_t i = 0; rc == 1 && i < md.topics[0].n_partitions; i++)
        rc = md.topics[0].partitions[i].leader_id >= 0;
out:
    moldau_arena_free(&a);
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
    return rc;
}

/* Sends a request and reads its answer's header: r then reads the body (in frame). */
static int exchange(int fd, int16_t api, int16_t version, const moldau_buf_t *body,
                    moldau_buf_t *frame, moldau_reader_t *r)
{
    int32_t corr;
    if (test_send_request(fd, api, version, 3, body->data, body->len) ||
        test_recv_frame(fd, frame))
        return -1;
    moldau_reader_init(r, frame->data, frame->len);
    return moldau_response_header_read(r, api, version, &corr) ? -1 : 0;
}

/* Waits until topic_ready says so (300 tries, 100 ms apart): 0, or -1 saying `what`. */
static int wait_ready(int fd, const char *topic, int32_t partitions, const char *what)
{
    int rc = 0;
    for (int i = 0; i < 300 && (rc = topic_ready(fd, topic, partitions)) == 0; i++)
        usleep(100 * 1000);
    if (rc == 1)
        return 0;
    fprintf(stderr, "%s: %s\n", topic, what);
    return -1;
}

int test_create_topic(const char *bootstrap, const char *topic, int32_t partitions)
{
    return test_create_topic_rf(bootstrap, topic, partitions, 1);
}

int test_create_topic_rf(const char *bootstrap, const char *topic, int32_t partitions,
                         int16_t replication_factor)
{
    int fd = test_tcp_connect(bootstrap, 30000);
    if (fd < 0) {
        fprintf(stderr, "test_create_topic: cannot connect to %s\n", bootstrap);
        return -1;
    }
    const int16_t version = 5; /* every broker the tests run (3.9, 4.x) has CreateTopics 5 */
    moldau_create_topics_request_topic_t t = {0};
    t.name = topic;
    t.num_partitions = partitions;
    t.replication_factor = replication_factor;
    moldau_create_topics_request_t req = {0};
    req.topics = &t;
    req.n_topics = 1;
    req.timeout_ms = 30000;
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    int rc = -1;
    if (moldau_create_topics_request_encode(&body, version, &req) ||
        test_send_request(fd, MOLDAU_API_CREATE_TOPICS, version, 1, body.data, body.len) ||
        test_recv_frame(fd, &frame)) {
        fprintf(stderr, "test_create_topic: request failed\n");
        goto out;
    }
    moldau_reader_t r;
    moldau_reader_init(&r, frame.data, frame.len);
    int32_t corr;
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_create_topics_response_t resp;
    if (moldau_response_header_read(&r, MOLDAU_API_CREATE_TOPICS, version, &corr) ||
        moldau_create_topics_response_decode(&r, version, &a, &resp) || resp.n_topics != 1) {
        fprintf(stderr, "test_create_topic: bad response\n");
    } else if (resp.topics[0].error_code && resp.topics[0].error_code != MOLDAU_ERR_TOPIC_ALREADY_EXISTS) {
        fprintf(stderr, "test_create_topic: %s: %s\n", topic,
                moldau_err_name((moldau_err_t)resp.topics[0].error_code));
    } else {
        /* created on the controller; wait until the broker's metadata shows it led */
        for (int i = 0; i < 300 && (rc = topic_ready(fd, topic, partitions)) == 0; i++)
            usleep(100 * 1000);
        rc = rc == 1 ? 0 : -1;
        if (rc)
            fprintf(stderr, "test_create_topic: %s not ready\n", topic);
    }
    moldau_arena_free(&a);
out:
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
    close(fd);
    return rc;
}

int test_create_partitions(const char *bootstrap, const char *topic, int32_t total)
{
    int fd = test_tcp_connect(bootstrap, 30000);
    if (fd < 0) {
        fprintf(stderr, "test_create_partitions: cannot connect to %s\n", bootstrap);
        return -1;
    }
    const int16_t version = 3; /* 3.9 and 4.x serve CreatePartitions 2-3 at least */
    moldau_create_partitions_request_topic_t t = {0};
    t.name = topic;
    t.count = total;
    t.n_assignments = -1; /* null: the controller places the new partitions */
    moldau_create_partitions_request_t req = {.topics = &t, .n_topics = 1, .timeout_ms = 30000};
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_create_partitions_response_t resp;
    int rc = -1;
    if (moldau_create_partitions_request_encode(&body, version, &req) ||
        exchange(fd, MOLDAU_API_CREATE_PARTITIONS, version, &body, &frame, &r) ||
        moldau_create_partitions_response_decode(&r, version, &a, &resp) || resp.n_results != 1)
        fprintf(stderr, "test_create_partitions: request or response failed\n");
    else if (resp.results[0].error_code)
        fprintf(stderr, "test_create_partitions: %s: %s\n", topic,
                moldau_err_name((moldau_err_t)resp.results[0].error_code));
    else
        rc = wait_ready(fd, topic, total, "test_create_partitions: not grown");
    moldau_arena_free(&a);
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
    close(fd);
    return rc;
}

int test_delete_topic(const char *bootstrap, const char *topic)
{
    int fd = test_tcp_connect(bootstrap, 30000);
    if (fd < 0) {
        fprintf(stderr, "test_delete_topic: cannot connect to %s\n", bootstrap);
        return -1;
    }
    const int16_t version = 4; /* 3.9 and 4.x serve DeleteTopics 1-6 */
    const char *names[] = {topic};
    moldau_delete_topics_request_t req = {0};
    req.topic_names = names;
    req.n_topic_names = 1;
    req.timeout_ms = 30000;
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    moldau_arena_t a;
    moldau_arena_init(&a);
    int rc = -1;
    moldau_reader_t r;
    int32_t corr;
    moldau_delete_topics_response_t resp;
    if (moldau_delete_topics_request_encode(&body, version, &req) ||
        test_send_request(fd, MOLDAU_API_DELETE_TOPICS, version, 2, body.data, body.len) ||
        test_recv_frame(fd, &frame)) {
        fprintf(stderr, "test_delete_topic: request failed\n");
        goto out;
    }
    moldau_reader_init(&r, frame.data, frame.len);
    if (moldau_response_header_read(&r, MOLDAU_API_DELETE_TOPICS, version, &corr) ||
        moldau_delete_topics_response_decode(&r, version, &a, &resp) || resp.n_responses != 1) {
        fprintf(stderr, "test_delete_topic: bad response\n");
    } else if (resp.responses[0].error_code) {
        fprintf(stderr, "test_delete_topic: %s: %s\n", topic,
                moldau_err_name((moldau_err_t)resp.responses[0].error_code));
    } else {
        for (int i = 0; i < 300 && (rc = topic_ready(fd, topic, -1)) == 0; i++)
            usleep(100 * 1000);
        rc = rc == 1 ? 0 : -1;
        if (rc)
            fprintf(stderr, "test_delete_topic: %s still there\n", topic);
    }
out:
    moldau_arena_free(&a);
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
    close(fd);
    return rc;
}

const char *test_topic_name(const char *prefix, char *buf, size_t size)
{
    static int counter;
    static unsigned seed;
    if (!seed)
        seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    snprintf(buf, size, "%s-%d-%d-%u", prefix, (int)getpid(), ++counter, rand_r(&seed) % 100000);
    return buf;
}
