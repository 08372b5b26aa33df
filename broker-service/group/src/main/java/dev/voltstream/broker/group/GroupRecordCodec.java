package dev.voltstream.broker.group;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Our compact binary form of {@link GroupRecord}s as key/value records (a null value is a tombstone), in the spirit
 * of Kafka's {@code __consumer_offsets}: the key says what the record is about (key type 1 = offset, 2 = group), so a
 * later record with the same key replaces an earlier one.
 *
 * <p>Versioning, as Kafka does it for this topic: the key's leading short is its record type and stands for the key's
 * layout too (a new key layout is a new key type); every value starts with its own version short. A reader refuses an
 * unknown key type or a value version newer than {@code VALUE_VERSION}, so a group log written by a newer release is
 * never half-read. Release 0.1.0 wrote these same records (value version 0). A group key's value version 1 is a KIP-848
 * consumer group ({@link ConsumerGroupCodec}); classic groups are still written at version 0.
 */
final class GroupRecordCodec {
    private static final short OFFSET_KEY = 1;
    private static final short GROUP_KEY = 2;
    private static final short VALUE_VERSION = 0;

    private GroupRecordCodec() {
    }

    static SimpleRecord encode(GroupRecord record, long nowMs) {
        return new SimpleRecord(nowMs, key(record), value(record));
    }

    static GroupRecord decode(Record record) {
        try (DataInputStream key = stream(record.key())) {
            short type = key.readShort();
            String groupId = key.readUTF();
            DataInputStream value = record.hasValue() ? stream(record.value()) : null;
            if (type == OFFSET_KEY) {
                TopicPartition tp = new TopicPartition(key.readUTF(), key.readInt());
                return new GroupRecord.Offset(groupId, tp, value == null ? null : readOffset(value));
            }
            if (type == GROUP_KEY) {
                if (value == null) {
                    return new GroupRecord.Metadata(groupId, null, 0, null, null, 0, null);
                }
                short version = value.readShort();
                if (version == ConsumerGroupCodec.VALUE_VERSION) {
                    return ConsumerGroupCodec.read(groupId, value);
                }
                checkValueVersion(version, GROUP_KEY, ConsumerGroupCodec.VALUE_VERSION);
                return readMetadata(groupId, value);
            }
            throw new IllegalStateException("Unknown group log key type " + type + ": written by a newer release?");
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt group log record at offset " + record.offset(), e);
        }
    }

    private static byte[] key(GroupRecord record) {
        return write(out -> {
            if (record instanceof GroupRecord.Offset o) {
                out.writeShort(OFFSET_KEY);
                out.writeUTF(o.groupId());
                out.writeUTF(o.partition().topic());
                out.writeInt(o.partition().partition());
            } else { // a classic group, a consumer group or the tombstone of either
                out.writeShort(GROUP_KEY);
                out.writeUTF(record.groupId());
            }
        });
    }

    private static byte[] value(GroupRecord record) {
        if (record instanceof GroupRecord.Offset o) {
            if (o.offset() == null) {
                return null;
            }
            return write(out -> {
                CommittedOffset c = o.offset();
                out.writeShort(VALUE_VERSION);
                out.writeLong(c.offset());
                out.writeInt(c.leaderEpoch());
                writeNullable(out, c.metadata());
                out.writeLong(c.commitTimestamp());
                out.writeLong(c.expireTimestamp());
            });
        }
        if (record instanceof GroupRecord.ConsumerGroupSnapshot consumer) {
            return write(out -> ConsumerGroupCodec.write(out, consumer));
        }
        GroupRecord.Metadata m = (GroupRecord.Metadata) record;
        if (m.members() == null) {
            return null;
        }
        return write(out -> {
            out.writeShort(VALUE_VERSION);
            writeNullable(out, m.protocolType());
            out.writeInt(m.generationId());
            writeNullable(out, m.protocolName());
            writeNullable(out, m.leaderId());
            out.writeLong(m.stateTimestamp());
            out.writeInt(m.members().size());
            for (GroupRecord.Member member : m.members()) {
                writeString(out, member.memberId());
                writeNullable(out, member.groupInstanceId());
                writeString(out, member.clientId());
                writeString(out, member.clientHost());
                out.writeInt(member.rebalanceTimeoutMs());
                out.writeInt(member.sessionTimeoutMs());
                out.writeInt(member.protocols().size());
                for (Map.Entry<String, byte[]> p : member.protocols().entrySet()) {
                    writeString(out, p.getKey());
                    writeBytes(out, p.getValue());
                }
                writeBytes(out, member.assignment());
            }
        });
    }

    private static CommittedOffset readOffset(DataInputStream in) throws IOException {
        checkValueVersion(in.readShort(), OFFSET_KEY, VALUE_VERSION);
        return new CommittedOffset(in.readLong(), in.readInt(), readNullable(in), in.readLong(), in.readLong());
    }

    /** A classic group's value after its version (0). */
    private static GroupRecord.Metadata readMetadata(String groupId, DataInputStream in) throws IOException {
        String protocolType = readNullable(in);
        int generation = in.readInt();
        String protocolName = readNullable(in);
        String leader = readNullable(in);
        long stateTimestamp = in.readLong();
        int count = in.readInt();
        List<GroupRecord.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String memberId = readString(in);
            String instanceId = readNullable(in);
            String clientId = readString(in);
            String clientHost = readString(in);
            int rebalanceTimeout = in.readInt();
            int sessionTimeout = in.readInt();
            int protocolCount = in.readInt();
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            for (int p = 0; p < protocolCount; p++) {
                protocols.put(readString(in), readBytes(in));
            }
            members.add(new GroupRecord.Member(memberId, instanceId, clientId, clientHost, rebalanceTimeout,
                    sessionTimeout, protocols, readBytes(in)));
        }
        return new GroupRecord.Metadata(groupId, protocolType, generation, protocolName, leader, stateTimestamp,
                members);
    }

    private static void checkValueVersion(short version, short keyType, short max) {
        if (version < 0 || version > max) {
            throw new IllegalStateException("Group log record of key type " + keyType + " has value version " + version
                    + ", this broker reads up to " + max + ": written by a newer release?");
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream stream(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** Length-prefixed UTF-8 (writeUTF is limited to 64 KiB, metadata strings need not be). */
    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        byte[] bytes = b == null ? new byte[0] : b;
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
