package dev.voltstream.broker.cluster.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.cluster.image.MetadataCommand.AlterBrokerConfigs;
import dev.voltstream.broker.cluster.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.image.MetadataCommand.AlterTopicConfigs;
import dev.voltstream.broker.cluster.image.MetadataCommand.CreatePartitions;
import dev.voltstream.broker.cluster.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.image.MetadataCommand.DeleteTopic;
import dev.voltstream.broker.cluster.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.image.MetadataCommand.RegisterBroker;

/** The byte form of metadata commands in the Raft log: a type byte, then the fields in order. */
public final class MetadataCodec {
    private static final byte REGISTER = 1;
    private static final byte FENCE = 2;
    private static final byte CREATE_TOPIC = 3;
    private static final byte CREATE_PARTITIONS = 4;
    private static final byte ALTER_CONFIGS = 5;
    private static final byte DELETE_TOPIC = 6;
    private static final byte ALTER_ISR = 7;
    private static final byte REASSIGN = 8;
    private static final byte ALTER_BROKER_CONFIGS = 9;
    private static final byte ELECT_LEADER = 10;

    private MetadataCodec() {
    }

    public static byte[] encode(MetadataCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (command instanceof RegisterBroker c) {
                out.writeByte(REGISTER);
                out.writeInt(c.id());
                out.writeUTF(c.host());
                out.writeInt(c.port());
                writeNullable(out, c.rack());
                out.writeUTF(c.incarnation());
            } else if (command instanceof FenceBroker c) {
                out.writeByte(FENCE);
                out.writeInt(c.id());
                writeNullable(out, c.incarnation());
            } else if (command instanceof CreateTopic c) {
                out.writeByte(CREATE_TOPIC);
                out.writeUTF(c.name());
                out.writeUTF(c.id().toString());
                out.writeInt(c.partitions());
                out.writeInt(c.replicationFactor());
                writeMap(out, c.configs());
                out.writeInt(c.assignments().size());
                for (List<Integer> replicas : c.assignments()) {
                    writeInts(out, replicas);
                }
            } else if (command instanceof CreatePartitions c) {
                out.writeByte(CREATE_PARTITIONS);
                out.writeUTF(c.name());
                out.writeInt(c.count());
            } else if (command instanceof AlterTopicConfigs c) {
                out.writeByte(ALTER_CONFIGS);
                out.writeUTF(c.name());
                writeMap(out, c.configs());
            } else if (command instanceof DeleteTopic c) {
                out.writeByte(DELETE_TOPIC);
                out.writeUTF(c.name());
            } else if (command instanceof AlterIsr c) {
                out.writeByte(ALTER_ISR);
                out.writeUTF(c.topic());
                out.writeInt(c.partition());
                out.writeInt(c.leader());
                out.writeInt(c.leaderEpoch());
                writeInts(out, c.isr());
            } else if (command instanceof AlterPartitionReassignment c) {
                out.writeByte(REASSIGN);
                out.writeUTF(c.topic());
                out.writeInt(c.partition());
                out.writeBoolean(c.target() != null);
                if (c.target() != null) {
                    writeInts(out, c.target());
                }
            } else if (command instanceof MetadataCommand.ElectLeader c) {
                out.writeByte(ELECT_LEADER);
                out.writeUTF(c.topic());
                out.writeInt(c.partition());
                out.writeBoolean(c.unclean());
            } else if (command instanceof AlterBrokerConfigs c) {
                out.writeByte(ALTER_BROKER_CONFIGS);
                out.writeUTF(c.resource());
                writeMap(out, c.configs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MetadataCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte type = in.readByte();
            return switch (type) {
                case REGISTER -> new RegisterBroker(in.readInt(), in.readUTF(), in.readInt(), readNullable(in),
                        in.readUTF());
                case FENCE -> new FenceBroker(in.readInt(), readNullable(in));
                case CREATE_TOPIC -> {
                    String name = in.readUTF();
                    Uuid id = Uuid.fromString(in.readUTF());
                    int partitions = in.readInt();
                    int rf = in.readInt();
                    Map<String, String> configs = readMap(in);
                    int n = in.readInt();
                    List<List<Integer>> assignments = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        assignments.add(readInts(in));
                    }
                    yield new CreateTopic(name, id, partitions, rf, configs, assignments);
                }
                case CREATE_PARTITIONS -> new CreatePartitions(in.readUTF(), in.readInt());
                case ALTER_CONFIGS -> new AlterTopicConfigs(in.readUTF(), readMap(in));
                case DELETE_TOPIC -> new DeleteTopic(in.readUTF());
                case ALTER_ISR -> {
                    String topic = in.readUTF();
                    int partition = in.readInt();
                    int leader = in.readInt();
                    int epoch = in.readInt();
                    yield new AlterIsr(topic, partition, leader, epoch, readInts(in));
                }
                case REASSIGN -> new AlterPartitionReassignment(in.readUTF(), in.readInt(),
                        in.readBoolean() ? readInts(in) : null);
                case ELECT_LEADER -> new MetadataCommand.ElectLeader(in.readUTF(), in.readInt(), in.readBoolean());
                case ALTER_BROKER_CONFIGS -> new AlterBrokerConfigs(in.readUTF(), readMap(in));
                default -> throw new IllegalArgumentException("Unknown metadata command type " + type);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInts(DataOutputStream out, List<Integer> ints) throws IOException {
        out.writeInt(ints.size());
        for (int i : ints) {
            out.writeInt(i);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Integer> ints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ints.add(in.readInt());
        }
        return ints;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }
}
