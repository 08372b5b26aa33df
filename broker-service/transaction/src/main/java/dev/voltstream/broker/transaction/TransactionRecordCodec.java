package dev.voltstream.broker.transaction;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * The records of {@code __transaction_state}: key = (version, transactional id), value = (version, the
 * {@link TransactionMetadata}) or null when the id expired. Both start with a version so later layouts can be told
 * apart; a reader refuses versions it does not know rather than guess. Value version 1 appends the client's
 * transaction version and the previous producer id; it is written only for an id whose client uses transaction
 * version 2 (or that rolled to a new producer id by it), so the state of transaction version 1 clients stays
 * readable by a broker that knows only version 0.
 */
final class TransactionRecordCodec {
    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;
    /** Adds the client's transaction version and the previous producer id (transaction version 2). */
    static final short VALUE_VERSION_TV2 = 1;

    private TransactionRecordCodec() {
    }

    static byte[] key(String transactionalId) {
        return write(out -> {
            out.writeShort(KEY_VERSION);
            writeString(out, transactionalId);
        });
    }

    static String readKey(ByteBuffer key) {
        short version = key.getShort();
        if (version != KEY_VERSION) {
            throw new IllegalStateException("Unknown __transaction_state key version " + version);
        }
        return readString(key);
    }

    static byte[] value(TransactionMetadata m) {
        return write(out -> {
            boolean v1 = m.transactionVersion() != TransactionMetadata.TV_1 || m.previousProducerId() >= 0;
            out.writeShort(v1 ? VALUE_VERSION_TV2 : VALUE_VERSION);
            out.writeLong(m.producerId());
            out.writeShort(m.producerEpoch());
            out.writeShort(m.lastProducerEpoch());
            out.writeInt(m.timeoutMs());
            out.writeByte(m.state().id());
            out.writeLong(m.txnStartTimestamp());
            out.writeLong(m.lastUpdateTimestamp());
            out.writeInt(m.partitions().size());
            for (TopicPartition tp : m.partitions()) {
                writeString(out, tp.topic());
                out.writeInt(tp.partition());
            }
            out.writeInt(m.pendingOffsets().size());
            for (Map.Entry<String, Map<TopicPartition, PendingOffset>> group : m.pendingOffsets().entrySet()) {
                writeString(out, group.getKey());
                out.writeInt(group.getValue().size());
                for (Map.Entry<TopicPartition, PendingOffset> e : group.getValue().entrySet()) {
                    writeString(out, e.getKey().topic());
                    out.writeInt(e.getKey().partition());
                    out.writeLong(e.getValue().offset());
                    out.writeInt(e.getValue().leaderEpoch());
                    writeString(out, e.getValue().metadata());
                }
            }
            if (v1) {
                out.writeShort(m.transactionVersion());
                out.writeLong(m.previousProducerId());
            }
        });
    }

    static TransactionMetadata readValue(String transactionalId, ByteBuffer value) {
        short version = value.getShort();
        if (version != VALUE_VERSION && version != VALUE_VERSION_TV2) {
            throw new IllegalStateException("Unknown __transaction_state value version " + version + " for '"
                    + transactionalId + "' (this broker reads versions " + VALUE_VERSION + " and " + VALUE_VERSION_TV2
                    + "): written by a newer broker");
        }
        long producerId = value.getLong();
        short epoch = value.getShort();
        short lastEpoch = value.getShort();
        int timeoutMs = value.getInt();
        TransactionState state = TransactionState.forId(value.get());
        long start = value.getLong();
        long lastUpdate = value.getLong();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (int i = value.getInt(); i > 0; i--) {
            partitions.add(new TopicPartition(readString(value), value.getInt()));
        }
        Map<String, Map<TopicPartition, PendingOffset>> groups = new HashMap<>();
        for (int i = value.getInt(); i > 0; i--) {
            String group = readString(value);
            Map<TopicPartition, PendingOffset> offsets = new HashMap<>();
            for (int j = value.getInt(); j > 0; j--) {
                TopicPartition tp = new TopicPartition(readString(value), value.getInt());
                offsets.put(tp, new PendingOffset(value.getLong(), value.getInt(), readString(value)));
            }
            groups.put(group, offsets);
        }
        short tv = TransactionMetadata.TV_1;
        long previousProducerId = -1;
        if (version == VALUE_VERSION_TV2) {
            tv = value.getShort();
            previousProducerId = value.getLong();
        }
        return new TransactionMetadata(transactionalId, producerId, epoch, lastEpoch, timeoutMs, state, partitions,
                groups, start, lastUpdate, tv, previousProducerId);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("Bad string length " + length + " in a __transaction_state record");
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
