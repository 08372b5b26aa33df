package dev.voltstream.broker.transaction;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka Streams application with {@code processing.guarantee=exactly_once_v2}, run in its own JVM by
 * {@link StreamsExactlyOnceIT} so the test can SIGKILL it. Of every input record whose value does not start with
 * "skip" it does two things:
 * <ul>
 * <li>stateless: copies it to the copy topic, its value upper-cased;</li>
 * <li>stateful: counts it per key in the persistent store {@code counts} (changelog
 * {@code exactly-once-counts-changelog}, record cache off so every update is emitted) and writes the new count to the
 * counts topic. After a SIGKILL the store is restored from the changelog's committed records only, so the counts
 * of a key go on from where the last committed transaction left them.</li>
 * </ul>
 *
 * <p>usage: {@code StreamsExactlyOnceApp <bootstrap servers> <input> <copy output> <counts output> <state dir>}
 */
public final class StreamsExactlyOnceApp {
    private StreamsExactlyOnceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "exactly-once");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(args[4]).toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // A killed instance's successor (a new process id) waits this long for the dead member to leave the group.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> kept = builder.stream(args[1], Consumed.with(Serdes.String(), Serdes.String()))
                .filter((key, value) -> !value.startsWith("skip"));
        kept.mapValues(value -> value.toUpperCase())
                .to(args[2], Produced.with(Serdes.String(), Serdes.String()));
        kept.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .mapValues(String::valueOf)
                .to(args[3], Produced.with(Serdes.String(), Serdes.String()));
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
