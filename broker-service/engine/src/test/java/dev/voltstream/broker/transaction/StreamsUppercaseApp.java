package dev.voltstream.broker.transaction;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A stateless Kafka Streams application with {@code processing.guarantee=exactly_once_v2}, run in its own JVM by
 * {@link StreamsExactlyOnceIT} so the test can SIGKILL it: every record of the input topic whose value does not
 * start with "skip" is copied to the output topic, its value upper-cased.
 *
 * <p>usage: {@code StreamsUppercaseApp <bootstrap servers> <input> <output> <state dir>}
 */
public final class StreamsUppercaseApp {
    private StreamsUppercaseApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "uppercase");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(args[3]).toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // A killed instance's successor (a new process id) waits this long for the dead member to leave the group.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[1], Consumed.with(Serdes.String(), Serdes.String()))
                .filter((key, value) -> !value.startsWith("skip"))
                .mapValues(value -> value.toUpperCase())
                .to(args[2], Produced.with(Serdes.String(), Serdes.String()));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            System.out.println("state " + before + " -> " + now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
        stopped.await();
    }
}
