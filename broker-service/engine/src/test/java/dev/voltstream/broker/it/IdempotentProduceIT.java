package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/** Idempotent produce: a retried batch is acknowledged without a second append; a sequence gap is refused. */
class IdempotentProduceIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aRetriedBatchIsAcknowledgedWithItsOriginalOffsetAndNotAppendedTwice() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("idem", 1, Map.of()));
            InitProducerIdResponseData init = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID,
                    (short) 4, new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                            .setProducerId(-1).setProducerEpoch((short) -1));
            assertThat(init.errorCode()).isZero();
            long pid = init.producerId();
            MemoryRecords first = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, 0,
                    new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes()));

            ProduceResponseData original = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("idem", 0, first));
            ProduceResponseData retry = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("idem", 0, MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, 0,
                            new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes()))));

            assertThat(Requests.errorOf(original)).isEqualTo(Errors.NONE);
            assertThat(Requests.errorOf(retry)).isEqualTo(Errors.NONE);
            assertThat(Requests.baseOffsetOf(retry)).isEqualTo(Requests.baseOffsetOf(original)).isZero();
            assertThat(logEnd("idem")).isEqualTo(2);

            ProduceResponseData gap = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("idem", 0, MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, 7,
                            new SimpleRecord("z".getBytes()))));
            assertThat(Requests.errorOf(gap)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(logEnd("idem")).isEqualTo(2);
        }
    }

    @Test
    void theStockIdempotentProducerWritesEachRecordOnce() throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5))) {
            for (int i = 0; i < 2000; i++) {
                producer.send(new ProducerRecord<>("stock-idem", "k" + (i % 10), "v" + i));
            }
            producer.flush();
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("stock-idem", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < 2000 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).hasSize(2000).doesNotHaveDuplicates();
        assertThat(values.get(0)).isEqualTo("v0");
        assertThat(values.get(1999)).isEqualTo("v1999");
    }

    private long logEnd(String topic) {
        return broker.broker().components().replicas().partition(new TopicPartition(topic, 0)).orElseThrow()
                .logEndOffset();
    }
}
