package dev.voltstream.broker.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ProduceRequestData;

import org.junit.jupiter.api.Test;

class BoundedAccessorTest {
    /** A Produce v8 body (non-flexible) whose topic array claims {@code count} elements in a 1 MiB frame. */
    private static ByteBuffer produceClaiming(int count) {
        ByteBuffer body = ByteBuffer.allocate(1 << 20);
        body.putShort((short) -1); // transactional id: null
        body.putShort((short) 1).putInt(1000); // acks, timeout
        body.putInt(count);
        return body.rewind();
    }

    @Test
    void anArrayCountAboveTheCapIsRefusedBeforeAnythingIsAllocated() {
        int lie = BoundedAccessor.MAX_ARRAY_ELEMENTS + 1;
        assertThatThrownBy(() -> new ProduceRequestData(new BoundedAccessor(produceClaiming(lie)), (short) 8))
                .hasMessageContaining("Tried to allocate a collection of size " + lie);
        // (kafka-clients' own accessor lets the same count through, as 1 MiB is left, and sizes a collection for it)
    }

    @Test
    void aRealRequestParsesAsBefore() {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("t"));
        ByteBuffer buffer = org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, (short) 8)
                .buffer();
        assertThat(new ProduceRequestData(new BoundedAccessor(buffer), (short) 8)).isEqualTo(data);
    }
}
