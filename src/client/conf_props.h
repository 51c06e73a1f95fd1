/*
 * The one table of configuration properties: name, type, default, range, which clients read
 * it, and a sentence for the docs (docs/configuration.md is generated from it). Names and
 * defaults are the Java client's; where Java has none, librdkafka's.
 *
 * X(id, name, type, default, min, max, scope, doc)
 *   type:  T_STR (free text), T_INT (int64 in [min, max]), T_BOOL (true/false),
 *          T_ENUM (one of the '|'-separated values in `default`'s companion list, see
 *          conf_enum_values() in conf.c), T_LIST (comma-separated text).
 *   scope: S_ALL, S_PRODUCER, S_CONSUMER, S_ADMIN (bit flags).
 */
#ifndef MOLDAU_CLIENT_CONF_PROPS_H
#define MOLDAU_CLIENT_CONF_PROPS_H

#define MOLDAU__CONF_INT_MAX 2147483647LL

#define MOLDAU__CONF_PROPS(X)                                                                     \
    /* ---- every client ---- */                                                                 \
    X(BOOTSTRAP_SERVERS, "bootstrap.servers", T_LIST, "", 0, 0, S_ALL,                           \
      "Comma-separated host:port pairs used to find the cluster; any of them may be down.")       \
    X(CLIENT_ID, "client.id", T_STR, "moldau", 0, 0, S_ALL,                                      \
      "Name sent to brokers with every request, for their logs and quotas.")                     \
    X(CLIENT_RACK, "client.rack", T_STR, "", 0, 0, S_ALL,                                        \
      "Rack of this client, for fetching from the closest replica.")                             \
    X(REQUEST_TIMEOUT_MS, "request.timeout.ms", T_INT, "30000", 0, MOLDAU__CONF_INT_MAX, S_ALL,  \
      "How long a request may wait for its response before it fails and the connection is "      \
      "recycled.")                                                                               \
    X(DEFAULT_API_TIMEOUT_MS, "default.api.timeout.ms", T_INT, "60000", 0, MOLDAU__CONF_INT_MAX, \
      S_ADMIN, "Timeout of an admin call given timeout_ms -1, retries included.")                 \
    X(METADATA_MAX_AGE_MS, "metadata.max.age.ms", T_INT, "300000", 0, MOLDAU__CONF_INT_MAX,       \
      S_ALL, "Metadata older than this is refreshed even without errors.")                        \
    X(METADATA_RECOVERY_STRATEGY, "metadata.recovery.strategy", T_ENUM, "rebootstrap", 0, 0,    \
      S_ALL,                                                                                     \
      "What to do when every known broker is unreachable: rebootstrap (look for the cluster "    \
      "through bootstrap.servers again) or none.")                                              \
    X(RECONNECT_BACKOFF_MS, "reconnect.backoff.ms", T_INT, "50", 0, MOLDAU__CONF_INT_MAX, S_ALL, \
      "First wait before reconnecting to a broker; doubles on each failure, with jitter.")      \
    X(RECONNECT_BACKOFF_MAX_MS, "reconnect.backoff.max.ms", T_INT, "1000", 0,                    \
      MOLDAU__CONF_INT_MAX, S_ALL, "Upper bound of the reconnect wait.")                          \
    X(RETRY_BACKOFF_MS, "retry.backoff.ms", T_INT, "100", 0, MOLDAU__CONF_INT_MAX, S_ALL,        \
      "First wait before retrying a failed request; grows exponentially.")                      \
    X(RETRY_BACKOFF_MAX_MS, "retry.backoff.max.ms", T_INT, "1000", 0, MOLDAU__CONF_INT_MAX,      \
      S_ALL, "Upper bound of the retry wait.")                                                   \
    X(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, "socket.connection.setup.timeout.ms", T_INT, "10000",  \
      0, MOLDAU__CONF_INT_MAX, S_ALL,                                                            \
      "How long a connection may take to be established before it fails.")                     \
    X(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, "socket.connection.setup.timeout.max.ms", T_INT,   \
      "30000", 0, MOLDAU__CONF_INT_MAX, S_ALL, "Upper bound of the connection setup timeout.")   \
    X(CONNECTIONS_MAX_IDLE_MS, "connections.max.idle.ms", T_INT, "540000", -1,                   \
      MOLDAU__CONF_INT_MAX, S_ALL, "Idle connections are closed after this long (-1: never).")   \
    X(RECEIVE_MESSAGE_MAX_BYTES, "receive.message.max.bytes", T_INT, "100000000", 1000,          \
      MOLDAU__CONF_INT_MAX, S_ALL,                                                               \
      "Largest response frame accepted; a larger size is a protocol error that closes the "     \
      "connection.")                                                                             \
    X(MAX_IN_FLIGHT, "max.in.flight.requests.per.connection", T_INT, "5", 1, 1000000, S_ALL,     \
      "Requests sent on one connection without waiting for their responses.")                  \
    X(SOCKET_SEND_BUFFER_BYTES, "socket.send.buffer.bytes", T_INT, "0", 0, 100000000, S_ALL,      \
      "Socket send buffer size (SO_SNDBUF) of every broker connection; 0: the system's "          \
      "(librdkafka's name).")                                                                     \
    X(SOCKET_RECEIVE_BUFFER_BYTES, "socket.receive.buffer.bytes", T_INT, "0", 0, 100000000, S_ALL,\
      "Socket receive buffer size (SO_RCVBUF) of every broker connection; 0: the system's "       \
      "(librdkafka's name).")                                                                     \
    X(SECURITY_PROTOCOL, "security.protocol", T_ENUM, "PLAINTEXT", 0, 0, S_ALL,                   \
      "How to talk to brokers: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT (SASL authentication, no "   \
      "encryption) or SASL_SSL (both). SSL and SASL_SSL need a build with OpenSSL.")              \
    X(SASL_MECHANISM, "sasl.mechanism", T_ENUM, "GSSAPI", 0, 0, S_ALL,                             \
      "SASL mechanism with SASL_PLAINTEXT and SASL_SSL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 "    \
      "(these two need OpenSSL), or OAUTHBEARER (tokens: moldau/oauthbearer.h). GSSAPI "           \
      "(Kerberos), the default as in Java, is refused: moldau does not speak it.")               \
    X(SASL_MECHANISMS, "sasl.mechanisms", T_ENUM, "GSSAPI", 0, 0, S_ALL,                           \
      "librdkafka's name of sasl.mechanism (used when sasl.mechanism is not set).")              \
    X(SASL_USERNAME, "sasl.username", T_STR, "", 0, 0, S_ALL,                                       \
      "User name for PLAIN and SCRAM (librdkafka's name; or give it in sasl.jaas.config).")       \
    X(SASL_PASSWORD, "sasl.password", T_STR, "", 0, 0, S_ALL,                                       \
      "Password for PLAIN and SCRAM. Sensitive: moldau_conf_get hides it.")                       \
    X(SASL_JAAS_CONFIG, "sasl.jaas.config", T_STR, "", 0, 0, S_ALL,                                 \
      "The Java client's JAAS line: PlainLoginModule or ScramLoginModule with username and "      \
      "password, or OAuthBearerLoginModule with unsecuredLogin* options (unsecured JWTs, for "     \
      "testing). Instead of sasl.username and sasl.password, not with them. Sensitive: "          \
      "moldau_conf_get hides it.")                                                                 \
    X(SASL_OAUTHBEARER_CONFIG, "sasl.oauthbearer.config", T_STR, "", 0, 0, S_ALL,                  \
      "Given to the OAUTHBEARER token refresh callback; with "                                    \
      "enable.sasl.oauthbearer.unsecure.jwt, what the unsecured JWTs say: principal=NAME "        \
      "[principalClaimName=sub] [scope=a,b] [scopeClaimName=scope] [lifeSeconds=3600] "           \
      "[extension_NAME=value]... (librdkafka's names). Sensitive: moldau_conf_get hides it.")    \
    X(ENABLE_SASL_OAUTHBEARER_UNSECURE_JWT, "enable.sasl.oauthbearer.unsecure.jwt", T_BOOL,       \
      "false", 0, 0, S_ALL,                                                                        \
      "OAUTHBEARER without a refresh callback: moldau makes unsecured JWTs (\"alg\":\"none\") "   \
      "from sasl.oauthbearer.config, renewed at 80% of lifeSeconds. For testing against "          \
      "Kafka's default validator only (librdkafka's name).")                                      \
    X(SSL_TRUSTSTORE_LOCATION, "ssl.truststore.location", T_STR, "", 0, 0, S_ALL,                 \
      "File of the CA certificates that sign the brokers' certificates (PEM, or PKCS#12 "         \
      "with ssl.truststore.type). None given (here, in ssl.truststore.certificates or "           \
      "ssl.ca.location): the system's CA store.")                                                 \
    X(SSL_TRUSTSTORE_TYPE, "ssl.truststore.type", T_STR, "PEM", 0, 0, S_ALL,                      \
      "Format of ssl.truststore.location: PEM or PKCS12. JKS is refused: convert it to "          \
      "PKCS#12.")                                                                                 \
    X(SSL_TRUSTSTORE_PASSWORD, "ssl.truststore.password", T_STR, "", 0, 0, S_ALL,                 \
      "Password of a PKCS#12 trust store. Sensitive: moldau_conf_get hides it.")                  \
    X(SSL_TRUSTSTORE_CERTIFICATES, "ssl.truststore.certificates", T_STR, "", 0, 0, S_ALL,         \
      "CA certificates as PEM text, beside or instead of ssl.truststore.location.")               \
    X(SSL_CA_LOCATION, "ssl.ca.location", T_STR, "", 0, 0, S_ALL,                                 \
      "librdkafka's name: a PEM file of CA certificates, as ssl.truststore.location with "        \
      "type PEM.")                                                                                \
    X(SSL_KEYSTORE_LOCATION, "ssl.keystore.location", T_STR, "", 0, 0, S_ALL,                     \
      "This client's certificate and key for mutual TLS: a PEM file holding both, or "            \
      "PKCS#12 with ssl.keystore.type.")                                                          \
    X(SSL_KEYSTORE_TYPE, "ssl.keystore.type", T_STR, "PEM", 0, 0, S_ALL,                          \
      "Format of ssl.keystore.location: PEM or PKCS12. JKS is refused: convert it to "            \
      "PKCS#12.")                                                                                 \
    X(SSL_KEYSTORE_PASSWORD, "ssl.keystore.password", T_STR, "", 0, 0, S_ALL,                     \
      "Password of a PKCS#12 key store. Sensitive: moldau_conf_get hides it.")                    \
    X(SSL_KEYSTORE_KEY, "ssl.keystore.key", T_STR, "", 0, 0, S_ALL,                               \
      "This client's private key as PEM text (with ssl.keystore.certificate.chain). "             \
      "Sensitive: moldau_conf_get hides it.")                                                     \
    X(SSL_KEYSTORE_CERTIFICATE_CHAIN, "ssl.keystore.certificate.chain", T_STR, "", 0, 0, S_ALL,   \
      "This client's certificate chain as PEM text, the client's own certificate first.")         \
    X(SSL_KEY_PASSWORD, "ssl.key.password", T_STR, "", 0, 0, S_ALL,                               \
      "Password of an encrypted PEM private key. Sensitive: moldau_conf_get hides it.")           \
    X(SSL_CERTIFICATE_LOCATION, "ssl.certificate.location", T_STR, "", 0, 0, S_ALL,               \
      "librdkafka's name: a PEM file of this client's certificate chain (with "                   \
      "ssl.key.location).")                                                                       \
    X(SSL_KEY_LOCATION, "ssl.key.location", T_STR, "", 0, 0, S_ALL,                               \
      "librdkafka's name: a PEM file of this client's private key.")                              \
    X(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, "ssl.endpoint.identification.algorithm", T_STR, "https", 0, 0, S_ALL,\
      "https: the broker's certificate must name the host (or IP address) the client "            \
      "connects to; empty: any certificate the trust store accepts.")                             \
    X(SSL_ENABLED_PROTOCOLS, "ssl.enabled.protocols", T_LIST, "TLSv1.2,TLSv1.3", 0, 0, S_ALL,     \
      "TLS versions offered to brokers; the lowest and highest named bound them.")                \
    X(SSL_CIPHER_SUITES, "ssl.cipher.suites", T_LIST, "", 0, 0, S_ALL,                            \
      "Cipher suites, in OpenSSL's names (TLS 1.3 ones such as TLS_AES_128_GCM_SHA256 apart "     \
      "from the older ones); empty: OpenSSL's defaults.")                                         \
    X(DEBUG, "debug", T_LIST, "", 0, 0, S_ALL,                                                   \
      "Comma-separated subsystems to trace at debug level: all, protocol, broker, metadata, "    \
      "producer, consumer, cgrp, conf, admin.")                                                  \
    X(IO_THREAD, "io.thread", T_BOOL, "true", 0, 0, S_ALL,                                       \
      "moldau's own: run the network on a thread of the client's (true) or only inside the "     \
      "application's poll calls (false), for embedding in the application's event loop.")       \
    X(LOG_LEVEL, "log.level", T_INT, "4", 0, 7, S_ALL,                                           \
      "Highest syslog level logged (0 emerg .. 7 debug); default 4, warnings and above.")       \
    /* ---- producer ---- */                                                                    \
    X(ACKS, "acks", T_ENUM, "all", 0, 0, S_PRODUCER,                                             \
      "Acknowledgements the leader waits for: 0 none, 1 the leader, all (-1) every in-sync "     \
      "replica.")                                                                                \
    X(LINGER_MS, "linger.ms", T_INT, "5", 0, 900000, S_PRODUCER,                                 \
      "How long a batch waits for more records before it is sent.")                             \
    X(BATCH_SIZE, "batch.size", T_INT, "16384", 0, MOLDAU__CONF_INT_MAX, S_PRODUCER,             \
      "Bytes of records per partition batch; a full batch is sent at once.")                    \
    X(BUFFER_MEMORY, "buffer.memory", T_INT, "33554432", 0, INT64_MAX, S_PRODUCER,               \
      "Total bytes of records waiting to be sent; when full, produce blocks up to max.block.ms.") \
    X(MAX_BLOCK_MS, "max.block.ms", T_INT, "60000", 0, INT64_MAX, S_PRODUCER,                    \
      "How long produce may block for buffer space or metadata; 0 fails at once.")              \
    X(MAX_REQUEST_SIZE, "max.request.size", T_INT, "1048576", 1, MOLDAU__CONF_INT_MAX,           \
      S_PRODUCER, "Largest produce request; a single larger record fails at once.")             \
    X(COMPRESSION_TYPE, "compression.type", T_ENUM, "none", 0, 0, S_PRODUCER,                    \
      "Codec applied to each batch: none, gzip, snappy, lz4 or zstd.")                           \
    X(RETRIES, "retries", T_INT, "2147483647", 0, MOLDAU__CONF_INT_MAX, S_PRODUCER,              \
      "How often a failed batch is retried (bounded by delivery.timeout.ms).")                  \
    X(DELIVERY_TIMEOUT_MS, "delivery.timeout.ms", T_INT, "120000", 0, MOLDAU__CONF_INT_MAX,      \
      S_PRODUCER, "Upper bound on the time from produce to delivery report, retries included; "  \
      "at least linger.ms + request.timeout.ms (the default is raised to that).")               \
    X(ENABLE_IDEMPOTENCE, "enable.idempotence", T_BOOL, "true", 0, 0, S_PRODUCER,                \
      "Write each record exactly once and in order per partition (forces acks=all, at most 5 "  \
      "requests in flight).")                                                                    \
    X(PARTITIONER, "partitioner", T_ENUM, "default", 0, 0, S_PRODUCER,                           \
      "Partition choice: default (Java: murmur2 of the key, sticky without key), murmur2_random, " \
      "consistent_random, random, round_robin, custom (moldau_conf_set_partitioner_cb).")   \
    X(PARTITIONER_IGNORE_KEYS, "partitioner.ignore.keys", T_BOOL, "false", 0, 0, S_PRODUCER,     \
      "Treat keyed records like unkeyed ones for partitioning.")                                 \
    X(TRANSACTIONAL_ID, "transactional.id", T_STR, "", 0, 0, S_PRODUCER,                         \
      "Identity of a transactional producer (transactions are not supported yet).")             \
    X(TRANSACTION_TIMEOUT_MS, "transaction.timeout.ms", T_INT, "60000", 1, MOLDAU__CONF_INT_MAX,  \
      S_PRODUCER, "Transaction timeout sent with InitProducerId.")                                \
    /* ---- consumer ---- */                                                                    \
    X(GROUP_ID, "group.id", T_STR, "", 0, 0, S_CONSUMER,                                         \
      "Consumer group to join; needed for subscribe and commits.")                               \
    X(GROUP_INSTANCE_ID, "group.instance.id", T_STR, "", 0, 0, S_CONSUMER,                       \
      "Static membership id (KIP-345); empty for a dynamic member.")                             \
    X(SESSION_TIMEOUT_MS, "session.timeout.ms", T_INT, "45000", 1, MOLDAU__CONF_INT_MAX,          \
      S_CONSUMER, "A member not heard from for this long is removed from the group.")            \
    X(HEARTBEAT_INTERVAL_MS, "heartbeat.interval.ms", T_INT, "3000", 1, MOLDAU__CONF_INT_MAX,    \
      S_CONSUMER, "How often the member heartbeats to the group coordinator.")                   \
    X(MAX_POLL_INTERVAL_MS, "max.poll.interval.ms", T_INT, "300000", 1, MOLDAU__CONF_INT_MAX,    \
      S_CONSUMER, "A member that does not poll for this long leaves the group.")                 \
    X(ENABLE_AUTO_COMMIT, "enable.auto.commit", T_BOOL, "true", 0, 0, S_CONSUMER,                \
      "Commit consumed offsets in the background.")                                              \
    X(AUTO_COMMIT_INTERVAL_MS, "auto.commit.interval.ms", T_INT, "5000", 0,                      \
      MOLDAU__CONF_INT_MAX, S_CONSUMER, "How often offsets are committed automatically.")        \
    X(AUTO_OFFSET_RESET, "auto.offset.reset", T_ENUM, "latest", 0, 0, S_CONSUMER,                \
      "Where to start without a committed offset: earliest, latest or none (an error).")         \
    X(FETCH_MIN_BYTES, "fetch.min.bytes", T_INT, "1", 0, 100000000, S_CONSUMER,                  \
      "Bytes a fetch waits for (up to fetch.max.wait.ms) before the broker answers.")            \
    X(FETCH_MAX_BYTES, "fetch.max.bytes", T_INT, "52428800", 0, MOLDAU__CONF_INT_MAX,            \
      S_CONSUMER, "Upper bound of the data one fetch response returns.")                         \
    X(FETCH_MAX_WAIT_MS, "fetch.max.wait.ms", T_INT, "500", 0, MOLDAU__CONF_INT_MAX, S_CONSUMER, \
      "How long the broker may hold a fetch waiting for fetch.min.bytes.")                       \
    X(MAX_PARTITION_FETCH_BYTES, "max.partition.fetch.bytes", T_INT, "1048576", 1,               \
      MOLDAU__CONF_INT_MAX, S_CONSUMER, "Upper bound of the data per partition per fetch.")      \
    X(QUEUED_MAX_MESSAGES_KBYTES, "queued.max.messages.kbytes", T_INT, "65536", 1, 2097151,     \
      S_CONSUMER,                                                                                \
      "Upper bound, in kilobytes, of fetched data held for the application (the prefetch "       \
      "queue); no fetch is sent while it is full.")                                              \
    X(MAX_POLL_RECORDS, "max.poll.records", T_INT, "500", 1, MOLDAU__CONF_INT_MAX, S_CONSUMER,   \
      "Most records one consumer poll returns.")                                                  \
    X(ISOLATION_LEVEL, "isolation.level", T_ENUM, "read_uncommitted", 0, 0, S_CONSUMER,          \
      "read_committed hides records of open and aborted transactions.")                          \
    X(PARTITION_ASSIGNMENT_STRATEGY, "partition.assignment.strategy", T_LIST,                   \
      "range,cooperative-sticky", 0, 0, S_CONSUMER,                                              \
      "Assignors offered to the group, in order of preference: range, roundrobin, sticky, "      \
      "cooperative-sticky.")                                                                     \
    X(CHECK_CRCS, "check.crcs", T_BOOL, "true", 0, 0, S_CONSUMER,                                \
      "Verify the CRC-32C of every fetched batch.")                                               \
    X(ALLOW_AUTO_CREATE_TOPICS, "allow.auto.create.topics", T_BOOL, "true", 0, 0, S_CONSUMER,    \
      "Let metadata requests create subscribed topics where the broker allows it.")              \
    X(GROUP_PROTOCOL, "group.protocol", T_ENUM, "classic", 0, 0, S_CONSUMER,                     \
      "Group protocol: classic (the consumer protocol of JoinGroup/SyncGroup).")

#endif
