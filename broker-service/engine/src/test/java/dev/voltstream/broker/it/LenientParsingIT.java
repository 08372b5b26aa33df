package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * What Apache Kafka's broker accepts, ours accepts too: bytes after the last field a version defines and unknown
 * tagged fields (in the body or in the header) are ignored and the request gets its normal answer. librdkafka 2.15's
 * Metadata v13 request for all topics ends with 3 such bytes.
 */
class LenientParsingIT {
    private static final byte[] THREE_BYTES = {0, 0, 0};

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("auto.create.topics.enable", "false"));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            CreateTopicsResponseData created = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, (short) 7,
                    Requests.createTopic("lenient", 2, Map.of()));
            assertThat(created.topics().find("lenient").errorCode()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aMetadataRequestForAllTopicsWithThreeTrailingBytesGetsTheTopics() throws Exception {
        MetadataRequestData allTopics = new MetadataRequestData().setTopics(null);
        MetadataResponseData response = (MetadataResponseData) call(ApiKeys.METADATA, (short) 13,
                new RequestHeaderData(), allTopics, THREE_BYTES);
        assertThat(response.topics().find("lenient").partitions()).hasSize(2);
        assertThat(response.brokers()).hasSize(1);
    }

    @Test
    void trailingBytesAfterANonFlexibleVersionAreIgnoredToo() throws Exception {
        MetadataResponseData response = (MetadataResponseData) call(ApiKeys.METADATA, (short) 8,
                new RequestHeaderData(), new MetadataRequestData().setTopics(List.of(
                        new MetadataRequestData.MetadataRequestTopic().setName("lenient"))), new byte[17]);
        assertThat(response.topics().find("lenient").errorCode()).isZero();
    }

    @Test
    void anApiVersionsRequestWithTrailingBytesGetsOurRanges() throws Exception {
        ApiVersionsResponseData response = (ApiVersionsResponseData) call(ApiKeys.API_VERSIONS, (short) 3,
                new RequestHeaderData(), new ApiVersionsRequestData().setClientSoftwareName("rdkafka")
                        .setClientSoftwareVersion("2.15.0"), THREE_BYTES);
        assertThat(response.errorCode()).isZero();
        assertThat(response.apiKeys().find(ApiKeys.METADATA.id)).isNotNull();
    }

    @Test
    void unknownTaggedFieldsInTheBodyAreIgnored() throws Exception {
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("lenient")));
        request.unknownTaggedFields().add(new RawTaggedField(4242, new byte[] {1, 2, 3, 4}));
        request.topics().get(0).unknownTaggedFields().add(new RawTaggedField(7, new byte[] {9}));
        MetadataResponseData response = (MetadataResponseData) call(ApiKeys.METADATA, (short) 12,
                new RequestHeaderData(), request, new byte[0]);
        assertThat(response.topics().find("lenient").partitions()).hasSize(2);
    }

    @Test
    void unknownTaggedFieldsInTheHeaderAreIgnored() throws Exception {
        RequestHeaderData header = new RequestHeaderData();
        header.unknownTaggedFields().add(new RawTaggedField(99, new byte[] {5, 6}));
        MetadataResponseData response = (MetadataResponseData) call(ApiKeys.METADATA, (short) 12, header,
                new MetadataRequestData().setTopics(null), new byte[0]);
        assertThat(response.topics().find("lenient")).isNotNull();
    }

    @Test
    void aProduceRequestWithTrailingBytesIsAppended() throws Exception {
        ProduceResponseData response = (ProduceResponseData) call(ApiKeys.PRODUCE, (short) 9,
                new RequestHeaderData(), Requests.produce("lenient", 1, MemoryRecords.withRecords(Compression.NONE,
                        new SimpleRecord("k".getBytes(), "v".getBytes()))), THREE_BYTES);
        assertThat(Requests.errorOf(response)).isEqualTo(Errors.NONE);
        assertThat(broker.broker().components().replicas().partition(
                new org.apache.kafka.common.TopicPartition("lenient", 1)).orElseThrow().logEndOffset()).isEqualTo(1);
    }

    private static ApiMessage call(ApiKeys api, short version, RequestHeaderData header, ApiMessage request,
            byte[] trailing) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            int id = client.send(api, version, header, request, trailing);
            return client.receive(api, version, id);
        }
    }
}
