/*
 * librdkafka round trip for ClientMatrixIT, written against librdkafka's public API only (rdkafka.h), so it builds
 * with Debian's librdkafka-dev 2.0.2 as with a current release built from source:
 *
 *   1. admin: create the topic with 2 partitions and two configs; creating it again is refused; describe it
 *      (Metadata, DescribeTopics where the library has it, DescribeConfigs for the configs and their source);
 *   2. produce 6 keyed records k0=v0 .. k5=v5, each with a header h=h0 .. h5, acks=all, compressed;
 *   3. consume them in a consumer group from the earliest offset, commit synchronously, read the committed offsets
 *      back through the consumer (OffsetFetch) and through the admin client (ListConsumerGroupOffsets);
 *   4. admin: delete the topic; a metadata request for all topics no longer lists it.
 *
 * Prints one line per observation on stdout (the same lines as the Java ClientRoundTrip, plus librdkafka's own);
 * any failure prints why on stderr and exits 1.
 *
 * Usage: librdkafka_round_trip <bootstrap servers> <topic> <group> <compression codec>
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define RECORDS 6
#define PARTITIONS 2
#define TIMEOUT_MS 30000

static const char *bootstrap;

static void fail(const char *format, ...) {
        va_list args;
        va_start(args, format);
        fprintf(stderr, "librdkafka_round_trip: ");
        vfprintf(stderr, format, args);
        fprintf(stderr, "\n");
        va_end(args);
        exit(1);
}

static int64_t now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
        char errstr[512];
        if (rd_kafka_conf_set(conf, name, value, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK)
                fail("%s=%s: %s", name, value, errstr);
}

static rd_kafka_t *client(rd_kafka_type_t type, rd_kafka_conf_t *conf) {
        char errstr[512];
        set(conf, "bootstrap.servers", bootstrap);
        rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (!rk)
                fail("rd_kafka_new: %s", errstr);
        return rk;
}

/* Waits for the admin result of the given type on queue, failing on a request-level error. */
static rd_kafka_event_t *admin_result(rd_kafka_queue_t *queue, rd_kafka_event_type_t type, const char *what) {
        rd_kafka_event_t *event = rd_kafka_queue_poll(queue, TIMEOUT_MS + 5000);
        if (!event)
                fail("%s: no result", what);
        if (rd_kafka_event_type(event) != type)
                fail("%s: unexpected event %s", what, rd_kafka_event_name(event));
        if (rd_kafka_event_error(event))
                fail("%s: %s", what, rd_kafka_event_error_string(event));
        return event;
}

static rd_kafka_AdminOptions_t *options(rd_kafka_t *rk, rd_kafka_admin_op_t op) {
        char errstr[512];
        rd_kafka_AdminOptions_t *opts = rd_kafka_AdminOptions_new(rk, op);
        if (rd_kafka_AdminOptions_set_request_timeout(opts, TIMEOUT_MS, errstr, sizeof(errstr)))
                fail("request timeout: %s", errstr);
        return opts;
}

/* CreateTopics for topic with 2 partitions and the configs; returns the topic's error code. */
static rd_kafka_resp_err_t create_topic(rd_kafka_t *admin, rd_kafka_queue_t *queue, const char *topic) {
        char errstr[512];
        rd_kafka_NewTopic_t *new_topic = rd_kafka_NewTopic_new(topic, PARTITIONS, 1, errstr, sizeof(errstr));
        if (!new_topic)
                fail("NewTopic: %s", errstr);
        if (rd_kafka_NewTopic_set_config(new_topic, "retention.ms", "3600000") ||
            rd_kafka_NewTopic_set_config(new_topic, "max.message.bytes", "65536"))
                fail("NewTopic config");
        rd_kafka_AdminOptions_t *opts = options(admin, RD_KAFKA_ADMIN_OP_CREATETOPICS);
        rd_kafka_CreateTopics(admin, &new_topic, 1, opts, queue);
        rd_kafka_event_t *event = admin_result(queue, RD_KAFKA_EVENT_CREATETOPICS_RESULT, "CreateTopics");
        size_t count;
        const rd_kafka_topic_result_t **results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        if (count != 1 || strcmp(rd_kafka_topic_result_name(results[0]), topic))
                fail("CreateTopics: %zu results", count);
        rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[0]);
        rd_kafka_event_destroy(event);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_NewTopic_destroy(new_topic);
        return err;
}

/* Metadata for one topic (all_topics == 0) or all topics; the caller destroys it. */
static const struct rd_kafka_metadata *metadata(rd_kafka_t *rk, const char *topic, int all_topics) {
        const struct rd_kafka_metadata *md;
        rd_kafka_topic_t *rkt = all_topics ? NULL : rd_kafka_topic_new(rk, topic, NULL);
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, all_topics, rkt, &md, TIMEOUT_MS);
        if (rkt)
                rd_kafka_topic_destroy(rkt);
        if (err)
                fail("Metadata: %s", rd_kafka_err2str(err));
        return md;
}

static void describe(rd_kafka_t *admin, rd_kafka_queue_t *queue, const char *topic) {
        /* A created topic reaches every broker's metadata shortly after CreateTopics answers (Kafka: through its
         * metadata log), so ask again while it is unknown. */
        const struct rd_kafka_metadata *md = metadata(admin, topic, 0);
        for (int64_t deadline = now_ms() + TIMEOUT_MS; md->topic_cnt == 1 &&
             md->topics[0].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART && now_ms() < deadline;) {
                rd_kafka_metadata_destroy(md);
                struct timespec pause = {0, 100 * 1000000};
                nanosleep(&pause, NULL);
                md = metadata(admin, topic, 0);
        }
        if (md->topic_cnt != 1 || md->topics[0].err)
                fail("Metadata of %s: %s", topic,
                     md->topic_cnt ? rd_kafka_err2str(md->topics[0].err) : "no topic");
        printf("described %s partitions=%d\n", md->topics[0].topic, md->topics[0].partition_cnt);
        rd_kafka_metadata_destroy(md);

#if RD_KAFKA_VERSION >= 0x020300ff /* DescribeTopics came with 2.3.0 */
        rd_kafka_TopicCollection_t *topics = rd_kafka_TopicCollection_of_topic_names(&topic, 1);
        rd_kafka_AdminOptions_t *topic_opts = options(admin, RD_KAFKA_ADMIN_OP_DESCRIBETOPICS);
        rd_kafka_DescribeTopics(admin, topics, topic_opts, queue);
        rd_kafka_event_t *described = admin_result(queue, RD_KAFKA_EVENT_DESCRIBETOPICS_RESULT, "DescribeTopics");
        size_t topic_count;
        const rd_kafka_TopicDescription_t **descriptions =
            rd_kafka_DescribeTopics_result_topics(rd_kafka_event_DescribeTopics_result(described), &topic_count);
        if (topic_count != 1 || rd_kafka_error_code(rd_kafka_TopicDescription_error(descriptions[0])))
                fail("DescribeTopics of %s", topic);
        size_t partition_count;
        const rd_kafka_TopicPartitionInfo_t **partitions =
            rd_kafka_TopicDescription_partitions(descriptions[0], &partition_count);
        printf("DescribeTopics %s partitions=%zu leader=%d\n", rd_kafka_TopicDescription_name(descriptions[0]),
               partition_count,
               partition_count ? rd_kafka_Node_id(rd_kafka_TopicPartitionInfo_leader(partitions[0])) : -1);
        rd_kafka_event_destroy(described);
        rd_kafka_AdminOptions_destroy(topic_opts);
        rd_kafka_TopicCollection_destroy(topics);
#endif

        rd_kafka_ConfigResource_t *resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
        rd_kafka_AdminOptions_t *opts = options(admin, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
        rd_kafka_DescribeConfigs(admin, &resource, 1, opts, queue);
        rd_kafka_event_t *event = admin_result(queue, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, "DescribeConfigs");
        size_t resource_count;
        const rd_kafka_ConfigResource_t **resources =
            rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &resource_count);
        if (resource_count != 1 || rd_kafka_ConfigResource_error(resources[0]))
                fail("DescribeConfigs of %s: %s", topic,
                     resource_count ? rd_kafka_ConfigResource_error_string(resources[0]) : "no resource");
        size_t config_count;
        const rd_kafka_ConfigEntry_t **configs = rd_kafka_ConfigResource_configs(resources[0], &config_count);
        static const char *const shown[] = {"retention.ms", "max.message.bytes", "cleanup.policy"};
        for (size_t s = 0; s < sizeof(shown) / sizeof(shown[0]); s++) {
                for (size_t i = 0; i < config_count; i++) {
                        if (!strcmp(rd_kafka_ConfigEntry_name(configs[i]), shown[s]))
                                printf("config %s=%s source=%s\n", shown[s], rd_kafka_ConfigEntry_value(configs[i]),
                                       rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(configs[i])));
                }
        }
        rd_kafka_event_destroy(event);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_ConfigResource_destroy(resource);
}

static int delivery_failures;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
        (void)rk;
        (void)opaque;
        if (message->err) {
                delivery_failures++;
                fprintf(stderr, "librdkafka_round_trip: delivery failed: %s\n", rd_kafka_err2str(message->err));
        }
}

static void produce(const char *topic, const char *codec) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        set(conf, "acks", "all");
        set(conf, "compression.codec", codec);
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
        rd_kafka_t *producer = client(RD_KAFKA_PRODUCER, conf);
        for (int i = 0; i < RECORDS; i++) {
                char key[16], value[16], header[16];
                snprintf(key, sizeof(key), "k%d", i);
                snprintf(value, sizeof(value), "v%d", i);
                snprintf(header, sizeof(header), "h%d", i);
                rd_kafka_resp_err_t err = rd_kafka_producev(
                    producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, strlen(key)),
                    RD_KAFKA_V_VALUE(value, strlen(value)), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_HEADER("h", header, (ssize_t)strlen(header)), RD_KAFKA_V_END);
                if (err)
                        fail("produce: %s", rd_kafka_err2str(err));
        }
        if (rd_kafka_flush(producer, TIMEOUT_MS * 2))
                fail("produce: not all records delivered in time");
        if (delivery_failures)
                fail("produce: %d records not delivered", delivery_failures);
        rd_kafka_destroy(producer);
        printf("produced %d\n", RECORDS);
}

static rd_kafka_topic_partition_list_t *both_partitions(const char *topic) {
        rd_kafka_topic_partition_list_t *partitions = rd_kafka_topic_partition_list_new(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++)
                rd_kafka_topic_partition_list_add(partitions, topic, p);
        return partitions;
}

/* "committed <sum> over partitions [0, 1]": the partitions with a committed offset, as ClientRoundTrip prints. */
static void print_committed(const char *label, const rd_kafka_topic_partition_list_t *offsets) {
        int64_t sum = 0;
        char partitions[64] = "";
        for (int i = 0; i < offsets->cnt; i++) {
                const rd_kafka_topic_partition_t *tp = &offsets->elems[i];
                if (tp->err)
                        fail("%s: partition %" PRId32 ": %s", label, tp->partition, rd_kafka_err2str(tp->err));
                if (tp->offset < 0)
                        continue;
                sum += tp->offset;
                size_t used = strlen(partitions);
                snprintf(partitions + used, sizeof(partitions) - used, "%s%" PRId32, used ? ", " : "", tp->partition);
        }
        printf("%s %" PRId64 " over partitions [%s]\n", label, sum, partitions);
}

static void consume_and_commit(const char *topic, const char *group) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        set(conf, "group.id", group);
        set(conf, "auto.offset.reset", "earliest");
        set(conf, "enable.auto.commit", "false");
        rd_kafka_t *consumer = client(RD_KAFKA_CONSUMER, conf);
        rd_kafka_poll_set_consumer(consumer);
        rd_kafka_topic_partition_list_t *subscription = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(subscription, topic, RD_KAFKA_PARTITION_UA);
        rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer, subscription);
        if (err)
                fail("subscribe: %s", rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_destroy(subscription);

        char seen[RECORDS * 2][64];
        int count = 0;
        int64_t deadline = now_ms() + 60000;
        while (count < RECORDS && now_ms() < deadline) {
                rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer, 500);
                if (!message)
                        continue;
                if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                        rd_kafka_message_destroy(message);
                        continue;
                }
                if (message->err)
                        fail("consume: %s", rd_kafka_message_errstr(message));
                rd_kafka_headers_t *headers = NULL;
                const void *header = NULL;
                size_t header_size = 0;
                if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR)
                        rd_kafka_header_get_last(headers, "h", &header, &header_size);
                snprintf(seen[count], sizeof(seen[count]), "consumed %.*s=%.*s h=%.*s", (int)message->key_len,
                         (const char *)message->key, (int)message->len, (const char *)message->payload,
                         header ? (int)header_size : 4, header ? (const char *)header : "null");
                count++;
                rd_kafka_message_destroy(message);
        }
        err = rd_kafka_commit(consumer, NULL, 0 /* synchronous */);
        if (err)
                fail("commit: %s", rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_t *committed = both_partitions(topic);
        err = rd_kafka_committed(consumer, committed, TIMEOUT_MS);
        if (err)
                fail("committed: %s", rd_kafka_err2str(err));
        err = rd_kafka_consumer_close(consumer);
        if (err)
                fail("consumer close: %s", rd_kafka_err2str(err));
        rd_kafka_destroy(consumer);
        for (int i = 0; i < count; i++)
                printf("%s\n", seen[i]);
        print_committed("consumer committed", committed);
        rd_kafka_topic_partition_list_destroy(committed);
}

static void list_group_offsets(rd_kafka_t *admin, rd_kafka_queue_t *queue, const char *topic, const char *group) {
        rd_kafka_topic_partition_list_t *partitions = both_partitions(topic);
        rd_kafka_ListConsumerGroupOffsets_t *request = rd_kafka_ListConsumerGroupOffsets_new(group, partitions);
        rd_kafka_AdminOptions_t *opts = options(admin, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
        rd_kafka_ListConsumerGroupOffsets(admin, &request, 1, opts, queue);
        rd_kafka_event_t *event =
            admin_result(queue, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, "ListConsumerGroupOffsets");
        size_t count;
        const rd_kafka_group_result_t **groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event), &count);
        if (count != 1 || rd_kafka_group_result_error(groups[0]))
                fail("ListConsumerGroupOffsets of %s", group);
        print_committed("committed", rd_kafka_group_result_partitions(groups[0]));
        rd_kafka_event_destroy(event);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
        rd_kafka_topic_partition_list_destroy(partitions);
}

static void delete_topic(rd_kafka_t *admin, rd_kafka_queue_t *queue, const char *topic) {
        rd_kafka_DeleteTopic_t *delete_topic = rd_kafka_DeleteTopic_new(topic);
        rd_kafka_AdminOptions_t *opts = options(admin, RD_KAFKA_ADMIN_OP_DELETETOPICS);
        rd_kafka_DeleteTopics(admin, &delete_topic, 1, opts, queue);
        rd_kafka_event_t *event = admin_result(queue, RD_KAFKA_EVENT_DELETETOPICS_RESULT, "DeleteTopics");
        size_t count;
        const rd_kafka_topic_result_t **results =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count);
        if (count != 1 || rd_kafka_topic_result_error(results[0]))
                fail("DeleteTopics of %s: %s", topic,
                     count ? rd_kafka_err2str(rd_kafka_topic_result_error(results[0])) : "no result");
        rd_kafka_event_destroy(event);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_DeleteTopic_destroy(delete_topic);

        const struct rd_kafka_metadata *md = metadata(admin, NULL, 1);
        int listed = 0;
        for (int i = 0; i < md->topic_cnt; i++)
                listed |= !strcmp(md->topics[i].topic, topic);
        rd_kafka_metadata_destroy(md);
        printf("deleted %s listed=%s\n", topic, listed ? "true" : "false");
}

int main(int argc, char **argv) {
        if (argc != 5)
                fail("usage: %s <bootstrap servers> <topic> <group> <compression codec>", argv[0]);
        bootstrap = argv[1];
        const char *topic = argv[2], *group = argv[3], *codec = argv[4];
        printf("librdkafka %s\n", rd_kafka_version_str());

        rd_kafka_t *admin = client(RD_KAFKA_PRODUCER, rd_kafka_conf_new());
        rd_kafka_queue_t *queue = rd_kafka_queue_new(admin);
        rd_kafka_resp_err_t err = create_topic(admin, queue, topic);
        if (err)
                fail("CreateTopics %s: %s", topic, rd_kafka_err2str(err));
        printf("created %s\n", topic);
        err = create_topic(admin, queue, topic);
        printf("created again: %s\n", rd_kafka_err2name(err));
        describe(admin, queue, topic);

        produce(topic, codec);
        consume_and_commit(topic, group);
        list_group_offsets(admin, queue, topic, group);
        delete_topic(admin, queue, topic);

        rd_kafka_queue_destroy(queue);
        rd_kafka_destroy(admin);
        return 0;
}
