package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.protocol.KafkaRequest;

/** A restarting cluster broker answers no request before its metadata has caught up, then all of them in order. */
class CatchUpGateTest {
    private final List<KafkaRequest> handled = new ArrayList<>();
    private final CatchUpGate gate = new CatchUpGate(request -> {
        handled.add(request);
        return CompletableFuture.completedFuture(new ApiVersionsResponseData());
    });

    @Test
    void requestsWaitUntilTheGateOpensThenRunInArrivalOrder() {
        KafkaRequest first = new KafkaRequest(null, null, null);
        KafkaRequest second = new KafkaRequest(null, null, null);
        CompletionStage<ApiMessage> a = gate.process(first);
        CompletionStage<ApiMessage> b = gate.process(second);

        assertThat(handled).isEmpty();
        assertThat(a.toCompletableFuture()).isNotDone();

        gate.open();

        assertThat(handled).containsExactly(first, second);
        assertThat(a.toCompletableFuture()).isCompleted();
        assertThat(b.toCompletableFuture()).isCompleted();
    }

    @Test
    void anOpenGateHandsRequestsStraightThrough() {
        gate.open();
        KafkaRequest request = new KafkaRequest(null, null, null);

        assertThat(gate.process(request).toCompletableFuture()).isCompleted();
        assertThat(handled).containsExactly(request);
        assertThat(gate.isOpen()).isTrue();
    }
}
