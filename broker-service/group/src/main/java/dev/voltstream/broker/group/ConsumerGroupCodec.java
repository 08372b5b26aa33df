package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.GroupRecordCodec.readNullable;
import static dev.voltstream.broker.group.GroupRecordCodec.readString;
import static dev.voltstream.broker.group.GroupRecordCodec.writeNullable;
import static dev.voltstream.broker.group.GroupRecordCodec.writeString;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/**
 * The value layout of a {@link GroupRecord.ConsumerGroupSnapshot}: group value version 1, then a group type byte
 * (1 = consumer group; classic groups keep value version 0, so a log without KIP-848 groups stays readable by the
 * previous release), then the group's fields and its members'.
 */
final class ConsumerGroupCodec {
    static final short VALUE_VERSION = 1;
    private static final byte CONSUMER_GROUP = 1;

    private ConsumerGroupCodec() {
    }

    static void write(DataOutputStream out, GroupRecord.ConsumerGroupSnapshot g) throws IOException {
        out.writeShort(VALUE_VERSION);
        out.writeByte(CONSUMER_GROUP);
        out.writeInt(g.groupEpoch());
        out.writeInt(g.assignmentEpoch());
        writeNullable(out, g.assignorName());
        out.writeInt(g.subscribedPartitionCounts().size());
        for (Map.Entry<String, Integer> e : g.subscribedPartitionCounts().entrySet()) {
            writeString(out, e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(g.members().size());
        for (GroupRecord.ConsumerMember m : g.members()) {
            writeString(out, m.memberId());
            writeNullable(out, m.instanceId());
            writeNullable(out, m.rackId());
            writeNullable(out, m.clientId());
            writeNullable(out, m.clientHost());
            out.writeInt(m.subscribedTopicNames().size());
            for (String topic : m.subscribedTopicNames()) {
                writeString(out, topic);
            }
            writeNullable(out, m.subscribedTopicRegex());
            writeNullable(out, m.serverAssignor());
            out.writeInt(m.rebalanceTimeoutMs());
            out.writeInt(m.memberEpoch());
            out.writeInt(m.previousMemberEpoch());
            writeString(out, m.state());
            out.writeBoolean(m.temporarilyLeft());
            writePartitions(out, m.assigned());
            writePartitions(out, m.pendingRevocation());
            writePartitions(out, m.target());
        }
    }

    /** Reads what follows the value version (already read and known to be {@link #VALUE_VERSION}). */
    static GroupRecord.ConsumerGroupSnapshot read(String groupId, DataInputStream in) throws IOException {
        byte type = in.readByte();
        if (type != CONSUMER_GROUP) {
            throw new IllegalStateException("Group log record of group " + groupId + " has group type " + type
                    + ": written by a newer release?");
        }
        int groupEpoch = in.readInt();
        int assignmentEpoch = in.readInt();
        String assignor = readNullable(in);
        int topicCount = in.readInt();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < topicCount; i++) {
            counts.put(readString(in), in.readInt());
        }
        int memberCount = in.readInt();
        List<GroupRecord.ConsumerMember> members = new ArrayList<>(Math.min(memberCount, 1024));
        for (int i = 0; i < memberCount; i++) {
            String memberId = readString(in);
            String instanceId = readNullable(in);
            String rackId = readNullable(in);
            String clientId = readNullable(in);
            String clientHost = readNullable(in);
            int subscribed = in.readInt();
            List<String> topics = new ArrayList<>(Math.min(subscribed, 1024));
            for (int t = 0; t < subscribed; t++) {
                topics.add(readString(in));
            }
            members.add(new GroupRecord.ConsumerMember(memberId, instanceId, rackId, clientId, clientHost,
                    List.copyOf(topics), readNullable(in), readNullable(in), in.readInt(), in.readInt(), in.readInt(),
                    readString(in), in.readBoolean(), readPartitions(in), readPartitions(in), readPartitions(in)));
        }
        return new GroupRecord.ConsumerGroupSnapshot(groupId, groupEpoch, assignmentEpoch, assignor, counts,
                List.copyOf(members));
    }

    private static void writePartitions(DataOutputStream out, Map<Uuid, Set<Integer>> partitions) throws IOException {
        out.writeInt(partitions.size());
        for (Map.Entry<Uuid, Set<Integer>> e : partitions.entrySet()) {
            out.writeLong(e.getKey().getMostSignificantBits());
            out.writeLong(e.getKey().getLeastSignificantBits());
            out.writeInt(e.getValue().size());
            for (int p : e.getValue()) {
                out.writeInt(p);
            }
        }
    }

    private static Map<Uuid, Set<Integer>> readPartitions(DataInputStream in) throws IOException {
        int topics = in.readInt();
        Map<Uuid, Set<Integer>> partitions = new LinkedHashMap<>();
        for (int t = 0; t < topics; t++) {
            Uuid id = new Uuid(in.readLong(), in.readLong());
            int count = in.readInt();
            Set<Integer> set = new LinkedHashSet<>();
            for (int p = 0; p < count; p++) {
                set.add(in.readInt());
            }
            partitions.put(id, set);
        }
        return partitions;
    }
}
