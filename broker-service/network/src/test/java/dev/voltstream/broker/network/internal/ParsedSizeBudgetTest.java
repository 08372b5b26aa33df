package dev.voltstream.broker.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.EnumSet;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TinyEntriesProduceFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/** The heap a parsed request takes is estimated while parsing, bounded, and charged to the request memory pool. */
class ParsedSizeBudgetTest {
    private static ByteBuffer body(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame, 4, frame.length - 4);
        org.apache.kafka.common.requests.RequestHeader.parse(b);
        return b;
    }

    @Test
    void aFrameOfTinyPartitionEntriesIsRefusedOnceItsEstimateExceedsTheBudget() {
        byte[] frame = TinyEntriesProduceFrame.build(4 << 20);
        BoundedAccessor accessor = new BoundedAccessor(body(frame), 1 << 20);
        assertThatThrownBy(() -> new ProduceRequestData(accessor, (short) 9))
                .isInstanceOf(ParsedSizeExceededException.class)
                .hasMessageContaining("request.max.parsed.bytes=1048576");
        // refused at the first topic's partition array, before its collection was allocated
        assertThat(accessor.parsedBytes()).isLessThanOrEqualTo(2L * BoundedAccessor.ELEMENT_BYTES * (1 << 15));
    }

    @Test
    void theEstimateOfTinyEntriesIsManyTimesTheirFrame() {
        byte[] frame = TinyEntriesProduceFrame.build(1 << 20);
        BoundedAccessor accessor = new BoundedAccessor(body(frame));
        new ProduceRequestData(accessor, (short) 9);
        assertThat(accessor.parsedBytes()).isGreaterThan(7L * frame.length);
    }

    @Test
    void aRealProduceIsEstimatedSmallAndItsParsedBytesAreHeldInThePoolUntilAnswered() {
        RequestMemoryPool pool = new RequestMemoryPool(1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(1 << 20, 1 << 20, pool, 0),
                new RequestDecoder(new ApiVersionTable(EnumSet.allOf(ApiKeys.class)), "PLAINTEXT",
                        org.apache.kafka.common.security.auth.SecurityProtocol.PLAINTEXT, 1 << 20));
        ProduceRequestData data = Requests.produce("t", 0,
                MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[10_000])));
        byte[] frame = frame(data);
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        KafkaRequest request = channel.readInbound();
        assertThat(request.body()).isNotNull();
        long parsed = pool.used() - frame.length;
        assertThat(parsed).as("parsed estimate charged on top of the frame").isPositive()
                .isLessThan(1000); // the records are a slice of the frame, not a copy
        FrameBudget budget = FrameBudget.of(channel);
        assertThat(budget.claim()).isEqualTo(frame.length + parsed);
        budget.release(frame.length + (int) parsed);
        assertThat(pool.used()).isZero();
        request.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestOverTheBudgetClosesTheConnectionAndReturnsItsMemory() {
        RequestMemoryPool pool = new RequestMemoryPool(64 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(8 << 20, 1 << 20, pool, 0),
                new RequestDecoder(new ApiVersionTable(EnumSet.allOf(ApiKeys.class)), "PLAINTEXT",
                        org.apache.kafka.common.security.auth.SecurityProtocol.PLAINTEXT, 1 << 20));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(TinyEntriesProduceFrame.build(4 << 20))))
                .isInstanceOf(DecoderException.class)
                .hasRootCauseInstanceOf(ParsedSizeExceededException.class);
        FrameBudget.of(channel).releaseAll(); // what RequestChannelHandler does when the connection closes
        assertThat(pool.used()).isZero();
        channel.finishAndReleaseAll();
    }

    private static byte[] frame(ProduceRequestData data) {
        org.apache.kafka.common.message.RequestHeaderData header = new org.apache.kafka.common.message
                .RequestHeaderData().setRequestApiKey(ApiKeys.PRODUCE.id).setRequestApiVersion((short) 9)
                .setClientId("c").setCorrelationId(1);
        ByteBuffer h = org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(header, (short) 2).buffer();
        ByteBuffer b = org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, (short) 9).buffer();
        ByteBuffer f = ByteBuffer.allocate(4 + h.remaining() + b.remaining());
        f.putInt(h.remaining() + b.remaining()).put(h).put(b);
        return f.array();
    }
}
