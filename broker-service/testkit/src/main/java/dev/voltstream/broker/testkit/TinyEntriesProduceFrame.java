package dev.voltstream.broker.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.ByteUtils;

/**
 * A well-formed Produce v9 request frame made of as many tiny partition entries as fit in {@code frameBytes}: each
 * entry is 6 bytes on the wire (index, null records, no tagged fields) and tens of bytes once parsed, in topics of
 * 32,768 entries each (the most one array may have). No real client sends this; a hostile one can.
 */
public final class TinyEntriesProduceFrame {
    private static final int ENTRIES_PER_TOPIC = 1 << 15;

    private TinyEntriesProduceFrame() {
    }

    /** The whole frame, its 4-byte size first. */
    public static byte[] build(int frameBytes) {
        ByteBuffer b = ByteBuffer.allocate(frameBytes);
        b.putInt(frameBytes - 4);
        b.putShort((short) 0).putShort((short) 9).putInt(1); // Produce v9, correlation id 1
        byte[] clientId = "tiny-entries".getBytes(StandardCharsets.UTF_8);
        b.putShort((short) clientId.length).put(clientId).put((byte) 0); // header v2: client id, no tags
        b.put((byte) 0).putShort((short) 1).putInt(30_000); // transactional id null, acks=1, timeout
        int topicBytes = 1 + 8 + 3 + 6 * ENTRIES_PER_TOPIC + 1;
        int topics = (b.remaining() - 8) / topicBytes;
        ByteUtils.writeUnsignedVarint(topics + 1, b);
        for (int t = 0; t < topics; t++) {
            byte[] name = String.format("t%07d", t).getBytes(StandardCharsets.UTF_8);
            ByteUtils.writeUnsignedVarint(name.length + 1, b);
            b.put(name);
            ByteUtils.writeUnsignedVarint(ENTRIES_PER_TOPIC + 1, b);
            for (int p = 0; p < ENTRIES_PER_TOPIC; p++) {
                b.putInt(p).put((byte) 0).put((byte) 0); // index, records null, no tags
            }
            b.put((byte) 0); // topic: no tags
        }
        b.put((byte) 0); // request: no tags
        // whatever is left is trailing bytes after the last field, which the parser ignores (as Kafka's does)
        return b.array();
    }
}
