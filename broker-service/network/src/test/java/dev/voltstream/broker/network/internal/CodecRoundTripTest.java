package dev.voltstream.broker.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import io.netty.handler.codec.DecoderException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.storage.SegmentSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Our decoder and serializer against kafka-clients' own serialization, for every API the broker serves (and every
 * other API kafka-clients knows) at every version: what a client writes we read back equal, and what we write is
 * byte-for-byte what Kafka writes.
 */
class CodecRoundTripTest {
    static Stream<Arguments> everyApiVersion() {
        List<Arguments> cases = new ArrayList<>();
        for (ApiKeys api : ApiKeys.brokerApis()) {
            for (short v = api.oldestVersion(); v <= api.latestVersion(); v++) {
                cases.add(Arguments.of(api, v));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} v{1} request")
    @MethodSource("everyApiVersion")
    void requestsDecodeToWhatTheClientEncoded(ApiKeys api, short version) {
        ApiMessage sent = ApiMessageType.fromApiKey(api.id).newRequest();
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setClientId("codec-test").setCorrelationId(7);
        ByteBuffer headerBytes = MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer();
        ByteBuffer bodyBytes = MessageUtil.toByteBufferAccessor(sent, version).buffer();
        ByteBuf frame = Unpooled.buffer().writeInt(headerBytes.remaining() + bodyBytes.remaining())
                .writeBytes(headerBytes).writeBytes(bodyBytes.duplicate());

        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(1 << 20),
                new RequestDecoder(new ApiVersionTable(EnumSet.allOf(ApiKeys.class)), "PLAINTEXT"));
        ApiMessage expected;
        try {
            expected = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(bodyBytes.duplicate()))
                    .request.data();
        } catch (RuntimeException kafkaRejects) {
            // Kafka's own parser refuses this (default-valued) request, so must we: the connection is closed.
            assertThatThrownBy(() -> channel.writeInbound(frame)).isInstanceOf(DecoderException.class);
            channel.finishAndReleaseAll();
            return;
        }
        channel.writeInbound(frame);
        KafkaRequest decoded = channel.readInbound();

        assertThat(decoded.context().header().correlationId()).isEqualTo(7);
        assertThat(decoded.context().clientId()).isEqualTo("codec-test");
        assertThat(decoded.context().apiVersion()).isEqualTo(version);
        assertThat(decoded.body().data()).isEqualTo(expected);
        decoded.release();
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "{0} v{1} response")
    @MethodSource("everyApiVersion")
    void responsesEncodeExactlyAsKafkaDoes(ApiKeys api, short version) {
        ApiMessage response = ApiMessageType.fromApiKey(api.id).newResponse();
        short headerVersion = api.responseHeaderVersion(version);

        byte[] ours = concat(ResponseSerializer.serialize(ByteBufAllocator.DEFAULT, 99, headerVersion, response, version));

        assertThat(ours).isEqualTo(kafkaFrame(99, headerVersion, response, version));
    }

    @Test
    void fetchRecordsFromAFileAreSentAsAFileRegionWithTheSameBytes(@TempDir Path dir) throws IOException {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("k".getBytes(), "hello".getBytes()), new SimpleRecord("world".getBytes()));
        File file = dir.resolve("00000000000000000000.log").toFile();
        try (FileRecords fileRecords = FileRecords.open(file)) {
            fileRecords.append(records);
            fileRecords.flush();
            FetchResponseData zeroCopy = fetchResponse(new SegmentSlice(fileRecords, fileRecords.channel(), 0,
                    fileRecords.sizeInBytes()));
            FetchResponseData inMemory = fetchResponse(records);
            short v = ApiKeys.FETCH.latestVersion();
            short hv = ApiKeys.FETCH.responseHeaderVersion(v);

            List<Object> parts = ResponseSerializer.serialize(ByteBufAllocator.DEFAULT, 5, hv, zeroCopy, v);

            assertThat(parts).hasSize(3);
            assertThat(parts.get(1)).isInstanceOf(FileRegion.class);
            assertThat(concat(parts)).isEqualTo(kafkaFrame(5, hv, inMemory, v));
        }
    }

    private static FetchResponseData fetchResponse(org.apache.kafka.common.record.BaseRecords records) {
        FetchResponseData data = new FetchResponseData();
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                .setTopic("t").setTopicId(org.apache.kafka.common.Uuid.ONE_UUID);
        topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(2)
                .setRecords(records));
        data.responses().add(topic);
        return data;
    }

    private static byte[] kafkaFrame(int correlationId, short headerVersion, ApiMessage body, short version) {
        ByteBuffer header = MessageUtil.toByteBufferAccessor(new ResponseHeaderData().setCorrelationId(correlationId),
                headerVersion).buffer();
        ByteBuffer bodyBytes = MessageUtil.toByteBufferAccessor(body, version).buffer();
        ByteBuffer frame = ByteBuffer.allocate(4 + header.remaining() + bodyBytes.remaining());
        frame.putInt(header.remaining() + bodyBytes.remaining()).put(header).put(bodyBytes);
        return frame.array();
    }

    /** Concatenates serialized parts, reading file regions through a temporary file channel. */
    private static byte[] concat(List<Object> parts) {
        try {
            Path tmp = Files.createTempFile("frame", ".bin");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                for (Object part : parts) {
                    if (part instanceof ByteBuf buf) {
                        out.write(buf.nioBuffer());
                        buf.release();
                    } else {
                        FileRegion region = (FileRegion) part;
                        while (region.transferred() < region.count()) {
                            region.transferTo(out, region.transferred());
                        }
                        region.release();
                    }
                }
            }
            byte[] bytes = Files.readAllBytes(tmp);
            Files.delete(tmp);
            return bytes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
