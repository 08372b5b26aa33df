package dev.voltstream.broker.cluster.internal.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterBrokerConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterTopicConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreatePartitions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.DeleteTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.ElectLeader;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;

/**
 * The byte form of metadata commands in the Raft log.
 *
 * <p>Every record is framed (the idea of Kafka's metadata record serde: frame version, api key, version):
 * <pre>
 *   byte  0xF0           frame marker
 *   byte  frameVersion   1
 *   int16 recordType     which {@link MetadataCommand} (the constants below)
 *   int16 recordVersion  the layout of the fields that follow, per record type
 *   ...   fields         in order
 * </pre>
 * Release 0.1.0 wrote records without a frame: a type byte (1..10), then the fields of what is now version 0. The
 * first byte tells the two apart without ambiguity: the unframed form is frozen (only types 1..10 at version 0 are
 * ever written without a frame — by 0.1.0, and by this release while the cluster's metadata level is 1, see
 * {@link MetadataVersions}), so {@code 0xF0} can never start an unframed record. An unframed record reads as version
 * 0 of its type.
 *
 * <p>A reader refuses, with an {@link UnsupportedMetadataRecordException}, a frame version, record type or record
 * version newer than it knows, and a record with bytes left over after its fields: a newer release's record is never
 * half-read into the wrong fields. To change a record, add a version here (the writer writes the newest, the reader
 * keeps reading all older ones); to add a record, add a type.
 */
public final class MetadataCodec {
    /** First byte of a framed record; never a record type of the unframed 0.1.0 form (1..10). */
    static final byte FRAME_MARKER = (byte) 0xF0;
    static final byte FRAME_VERSION = 1;

    static final short REGISTER = 1;
    static final short FENCE = 2;
    static final short CREATE_TOPIC = 3;
    static final short CREATE_PARTITIONS = 4;
    static final short ALTER_CONFIGS = 5;
    static final short DELETE_TOPIC = 6;
    static final short ALTER_ISR = 7;
    static final short REASSIGN = 8;
    static final short ALTER_BROKER_CONFIGS = 9;
    static final short ELECT_LEADER = 10;
    static final short UNREGISTER = 11;
    static final short OFFLINE_REPLICAS = 12;
    static final short ALTER_ACLS = 13;
    static final short ALTER_CONFIGS_BATCH = 14;
    static final short FINALIZE_FEATURES = 15;
    static final short ALTER_SCRAM_CREDENTIALS = 16;
    static final short ALTER_CLIENT_QUOTAS = 17;
    static final short BROKER_FEATURES = 18;

    // ---- Batched topic changes (issue #20): one request's topics as one entry; allowed from metadata level 2
    // ---- (MetadataVersions), all three came with the same release.
    static final short CREATE_TOPICS_BATCH = 19;
    static final short CREATE_PARTITIONS_BATCH = 20;
    static final short DELETE_TOPICS_BATCH = 21;
    /** The record types of batched topic changes (above). */
    static final java.util.Set<Short> TOPIC_BATCH_TYPES =
            java.util.Set.of(CREATE_TOPICS_BATCH, CREATE_PARTITIONS_BATCH, DELETE_TOPICS_BATCH);
    // ---- end of batched topic changes

    /** The highest record type 0.1.0 wrote unframed. */
    private static final short LAST_UNFRAMED_TYPE = ELECT_LEADER;

    /** The newest version of each record type this release reads and writes; index = record type. */
    private static final short[] LATEST_VERSION = {-1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0};

    private MetadataCodec() {
    }

    /** The record as this release writes it at the newest metadata level. */
    public static byte[] encode(MetadataCommand command) {
        return encode(command, MetadataVersions.LATEST);
    }

    /**
     * The record in the form a cluster at metadata level {@code level} writes ({@link MetadataVersions}): at level 1
     * the types 0.1.0 knows without a frame, as 0.1.0 wrote them, so that a 0.1.0 broker still in the cluster reads
     * them. Whether the level allows the record at all is the caller's check ({@link MetadataVersions#check}).
     */
    public static byte[] encode(MetadataCommand command, short level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            short type = typeOf(command);
            boolean framed = MetadataVersions.framed(level, type);
            // Unframed is 0.1.0's form, version 0: a registration then keeps its first endpoint (the inter-broker
            // listener's, see ClusterNode), as 0.1.0 registered one host and port.
            short version = framed ? versionOf(command, type) : 0;
            if (framed) {
                out.writeByte(FRAME_MARKER);
                out.writeByte(FRAME_VERSION);
                out.writeShort(type);
                out.writeShort(version);
            } else if (LATEST_VERSION[type] == 0 || type == REGISTER) {
                out.writeByte(type);
            } else {
                // a newer version of a 0.1.0 type must be given a version 0 form below the level that introduced it,
                // never its newer fields under 0.1.0's type byte
                throw new IllegalStateException("Record type " + type + " version " + LATEST_VERSION[type]
                        + " has no form at metadata level " + level);
            }
            writeFields(out, command, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a framed record, or an unframed one written by 0.1.0.
     *
     * @throws UnsupportedMetadataRecordException when the record is newer than this release or not a metadata record
     */
    public static MetadataCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte first = in.readByte();
            short type;
            short version;
            if (first == FRAME_MARKER) {
                byte frameVersion = in.readByte();
                if (frameVersion != FRAME_VERSION) {
                    throw new UnsupportedMetadataRecordException("metadata record frame version " + frameVersion
                            + " is unknown to this broker (it reads frame version " + FRAME_VERSION + ")");
                }
                type = in.readShort();
                version = in.readShort();
            } else if (first >= 1 && first <= LAST_UNFRAMED_TYPE) {
                type = first;
                version = 0;
            } else {
                throw new UnsupportedMetadataRecordException("not a metadata record: first byte " + first);
            }
            if (type < 1 || type >= LATEST_VERSION.length) {
                throw new UnsupportedMetadataRecordException("metadata record type " + type + " (version " + version
                        + ") is unknown to this broker: written by a newer release?");
            }
            if (version < 0 || version > LATEST_VERSION[type]) {
                throw new UnsupportedMetadataRecordException("metadata record type " + type + " has version "
                        + version + ", this broker reads up to version " + LATEST_VERSION[type]
                        + ": written by a newer release?");
            }
            MetadataCommand command = readFields(in, type, version);
            if (in.available() > 0) {
                throw new UnsupportedMetadataRecordException("metadata record type " + type + " version " + version
                        + " has " + in.available() + " bytes after its fields");
            }
            return command;
        } catch (EOFException e) {
            throw new UnsupportedMetadataRecordException("metadata record ends before its fields do", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static short typeOf(MetadataCommand command) {
        if (command instanceof RegisterBroker) {
            return REGISTER;
        } else if (command instanceof FenceBroker) {
            return FENCE;
        } else if (command instanceof CreateTopic) {
            return CREATE_TOPIC;
        } else if (command instanceof CreatePartitions) {
            return CREATE_PARTITIONS;
        } else if (command instanceof AlterTopicConfigs) {
            return ALTER_CONFIGS;
        } else if (command instanceof DeleteTopic) {
            return DELETE_TOPIC;
        } else if (command instanceof AlterIsr) {
            return ALTER_ISR;
        } else if (command instanceof AlterPartitionReassignment) {
            return REASSIGN;
        } else if (command instanceof AlterBrokerConfigs) {
            return ALTER_BROKER_CONFIGS;
        } else if (command instanceof ElectLeader) {
            return ELECT_LEADER;
        } else if (command instanceof MetadataCommand.UnregisterBroker) {
            return UNREGISTER;
        } else if (command instanceof MetadataCommand.OfflineReplicas) {
            return OFFLINE_REPLICAS;
        } else if (command instanceof MetadataCommand.AlterAcls) {
            return ALTER_ACLS;
        } else if (command instanceof MetadataCommand.AlterTopicConfigsBatch) {
            return ALTER_CONFIGS_BATCH;
        } else if (command instanceof MetadataCommand.FinalizeFeatures) {
            return FINALIZE_FEATURES;
        } else if (command instanceof MetadataCommand.AlterScramCredentials) {
            return ALTER_SCRAM_CREDENTIALS;
        } else if (command instanceof MetadataCommand.AlterClientQuotas) {
            return ALTER_CLIENT_QUOTAS;
        } else if (command instanceof MetadataCommand.BrokerFeatures) {
            return BROKER_FEATURES;
        } else if (command instanceof MetadataCommand.CreateTopicsBatch) {
            return CREATE_TOPICS_BATCH;
        } else if (command instanceof MetadataCommand.CreatePartitionsBatch) {
            return CREATE_PARTITIONS_BATCH;
        } else if (command instanceof MetadataCommand.DeleteTopicsBatch) {
            return DELETE_TOPICS_BATCH;
        }
        throw new IllegalArgumentException("No record type for " + command);
    }

    /**
     * The newest version of the record type, except for a registration of one unnamed endpoint, which version 0 holds
     * whole: it is written as version 0, readable by every release.
     */
    private static short versionOf(MetadataCommand command, short type) {
        if (command instanceof RegisterBroker c && c.endpoints().size() == 1
                && c.endpoints().get(0).listener().equals(BrokerEndpoint.LEGACY)) {
            return 0;
        }
        return LATEST_VERSION[type];
    }

    /**
     * Version 0 of every record type but {@code RegisterBroker}, which has version 1 too: every endpoint (listener,
     * host, port, security protocol) where version 0 had one host and port.
     */
    private static void writeFields(DataOutputStream out, MetadataCommand command, short version) throws IOException {
        if (command instanceof RegisterBroker c) {
            out.writeInt(c.id());
            if (version == 0) {
                out.writeUTF(c.endpoints().get(0).host());
                out.writeInt(c.endpoints().get(0).port());
            } else {
                FieldCodec.writeEndpoints(out, c.endpoints());
            }
            FieldCodec.writeNullable(out, c.rack());
            out.writeUTF(c.incarnation());
        } else if (command instanceof FenceBroker c) {
            out.writeInt(c.id());
            FieldCodec.writeNullable(out, c.incarnation());
        } else if (command instanceof CreateTopic c) {
            writeCreateTopic(out, c);
        } else if (command instanceof CreatePartitions c) {
            out.writeUTF(c.name());
            out.writeInt(c.count());
        } else if (command instanceof MetadataCommand.CreateTopicsBatch c) {
            writeList(out, c.topics(), MetadataCodec::writeCreateTopic);
        } else if (command instanceof MetadataCommand.CreatePartitionsBatch c) {
            writeList(out, c.topics(), (o, topic) -> {
                o.writeUTF(topic.name());
                o.writeInt(topic.count());
            });
        } else if (command instanceof MetadataCommand.DeleteTopicsBatch c) {
            writeList(out, c.topics(), (o, topic) -> {
                o.writeUTF(topic.name());
                o.writeUTF(topic.id().toString());
            });
        } else if (command instanceof AlterTopicConfigs c) {
            out.writeUTF(c.name());
            FieldCodec.writeMap(out, c.configs());
        } else if (command instanceof DeleteTopic c) {
            out.writeUTF(c.name());
        } else if (command instanceof AlterIsr c) {
            out.writeUTF(c.topic());
            out.writeInt(c.partition());
            out.writeInt(c.leader());
            out.writeInt(c.leaderEpoch());
            FieldCodec.writeInts(out, c.isr());
        } else if (command instanceof AlterPartitionReassignment c) {
            out.writeUTF(c.topic());
            out.writeInt(c.partition());
            out.writeBoolean(c.target() != null);
            if (c.target() != null) {
                FieldCodec.writeInts(out, c.target());
            }
        } else if (command instanceof ElectLeader c) {
            out.writeUTF(c.topic());
            out.writeInt(c.partition());
            out.writeBoolean(c.unclean());
        } else if (command instanceof AlterBrokerConfigs c) {
            out.writeUTF(c.resource());
            FieldCodec.writeMap(out, c.configs());
        } else if (command instanceof MetadataCommand.UnregisterBroker c) {
            out.writeInt(c.id());
        } else if (command instanceof MetadataCommand.OfflineReplicas c) {
            out.writeInt(c.id());
            out.writeUTF(c.incarnation());
            out.writeInt(c.partitions().size());
            for (org.apache.kafka.common.TopicPartition tp : c.partitions()) {
                out.writeUTF(tp.topic());
                out.writeInt(tp.partition());
            }
        } else if (command instanceof MetadataCommand.AlterAcls c) {
            FieldCodec.writeAcls(out, c.created());
            FieldCodec.writeAcls(out, c.deleted());
        } else if (command instanceof MetadataCommand.AlterTopicConfigsBatch c) {
            out.writeInt(c.topics().size());
            for (MetadataCommand.TopicConfigs t : c.topics()) {
                out.writeUTF(t.name());
                out.writeUTF(t.id().toString());
                FieldCodec.writeMap(out, t.configs());
            }
        } else if (command instanceof MetadataCommand.FinalizeFeatures c) {
            FieldCodec.writeLevels(out, c.levels());
        } else if (command instanceof MetadataCommand.AlterScramCredentials c) {
            FieldCodec.writeScramChanges(out, c.changes());
        } else if (command instanceof MetadataCommand.AlterClientQuotas c) {
            FieldCodec.writeQuotaChanges(out, c.changes());
        } else if (command instanceof MetadataCommand.BrokerFeatures c) {
            out.writeInt(c.id());
            out.writeUTF(c.incarnation());
            FieldCodec.writeRanges(out, c.supported());
        }
    }

    /**
     * Version {@code version} of {@code type}; a new version gets its own branch here. A version 0 registration's one
     * host and port become an unnamed endpoint ({@link BrokerEndpoint#LEGACY}), read as the inter-broker listener's.
     */
    private static MetadataCommand readFields(DataInputStream in, short type, short version) throws IOException {
        return switch (type) {
            case REGISTER -> version == 0
                    ? new RegisterBroker(in.readInt(), in.readUTF(), in.readInt(), FieldCodec.readNullable(in),
                            in.readUTF())
                    : new RegisterBroker(in.readInt(), FieldCodec.readEndpoints(in), FieldCodec.readNullable(in),
                            in.readUTF());
            case FENCE -> new FenceBroker(in.readInt(), FieldCodec.readNullable(in));
            case CREATE_TOPIC -> readCreateTopic(in);
            case CREATE_PARTITIONS -> new CreatePartitions(in.readUTF(), in.readInt());
            case CREATE_TOPICS_BATCH ->
                    new MetadataCommand.CreateTopicsBatch(readList(in, MetadataCodec::readCreateTopic));
            case CREATE_PARTITIONS_BATCH -> new MetadataCommand.CreatePartitionsBatch(readList(in,
                    i -> new CreatePartitions(i.readUTF(), i.readInt())));
            case DELETE_TOPICS_BATCH -> new MetadataCommand.DeleteTopicsBatch(readList(in,
                    i -> new MetadataCommand.TopicRef(i.readUTF(), Uuid.fromString(i.readUTF()))));
            case ALTER_CONFIGS -> new AlterTopicConfigs(in.readUTF(), FieldCodec.readMap(in));
            case DELETE_TOPIC -> new DeleteTopic(in.readUTF());
            case ALTER_ISR -> {
                String topic = in.readUTF();
                int partition = in.readInt();
                int leader = in.readInt();
                int epoch = in.readInt();
                yield new AlterIsr(topic, partition, leader, epoch, FieldCodec.readInts(in));
            }
            case REASSIGN -> new AlterPartitionReassignment(in.readUTF(), in.readInt(),
                    in.readBoolean() ? FieldCodec.readInts(in) : null);
            case ELECT_LEADER -> new ElectLeader(in.readUTF(), in.readInt(), in.readBoolean());
            case UNREGISTER -> new MetadataCommand.UnregisterBroker(in.readInt());
            case OFFLINE_REPLICAS -> {
                int id = in.readInt();
                String incarnation = in.readUTF();
                int n = in.readInt();
                List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>(FieldCodec.capacity(n));
                for (int i = 0; i < n; i++) {
                    partitions.add(new org.apache.kafka.common.TopicPartition(in.readUTF(), in.readInt()));
                }
                yield new MetadataCommand.OfflineReplicas(id, incarnation, partitions);
            }
            case ALTER_ACLS -> new MetadataCommand.AlterAcls(FieldCodec.readAcls(in), FieldCodec.readAcls(in));
            case ALTER_BROKER_CONFIGS -> new AlterBrokerConfigs(in.readUTF(), FieldCodec.readMap(in));
            case FINALIZE_FEATURES -> new MetadataCommand.FinalizeFeatures(FieldCodec.readLevels(in));
            case ALTER_SCRAM_CREDENTIALS -> new MetadataCommand.AlterScramCredentials(FieldCodec.readScramChanges(in));
            case ALTER_CLIENT_QUOTAS -> new MetadataCommand.AlterClientQuotas(FieldCodec.readQuotaChanges(in));
            case BROKER_FEATURES -> new MetadataCommand.BrokerFeatures(in.readInt(), in.readUTF(),
                    FieldCodec.readRanges(in));
            case ALTER_CONFIGS_BATCH -> new MetadataCommand.AlterTopicConfigsBatch(readList(in,
                    i -> new MetadataCommand.TopicConfigs(i.readUTF(), Uuid.fromString(i.readUTF()),
                            FieldCodec.readMap(i))));
            default -> throw new UnsupportedMetadataRecordException("metadata record type " + type + " is unknown");
        };
    }

    private static void writeCreateTopic(DataOutputStream out, CreateTopic c) throws IOException {
        out.writeUTF(c.name());
        out.writeUTF(c.id().toString());
        out.writeInt(c.partitions());
        out.writeInt(c.replicationFactor());
        FieldCodec.writeMap(out, c.configs());
        out.writeInt(c.assignments().size());
        for (List<Integer> replicas : c.assignments()) {
            FieldCodec.writeInts(out, replicas);
        }
    }

    private static CreateTopic readCreateTopic(DataInputStream in) throws IOException {
        String name = in.readUTF();
        Uuid id = Uuid.fromString(in.readUTF());
        int partitions = in.readInt();
        int rf = in.readInt();
        Map<String, String> configs = FieldCodec.readMap(in);
        return new CreateTopic(name, id, partitions, rf, configs, readList(in, FieldCodec::readInts));
    }

    /** One element written to the log. */
    @FunctionalInterface
    private interface ElementWriter<T> {
        void write(DataOutputStream out, T element) throws IOException;
    }

    /** A count, then each element. */
    private static <T> void writeList(DataOutputStream out, List<T> list, ElementWriter<T> element)
            throws IOException {
        out.writeInt(list.size());
        for (T t : list) {
            element.write(out, t);
        }
    }

    /** One element read from the log. */
    @FunctionalInterface
    private interface ElementReader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** A count, then that many elements. */
    private static <T> List<T> readList(DataInputStream in, ElementReader<T> element) throws IOException {
        int n = in.readInt();
        List<T> list = new ArrayList<>(FieldCodec.capacity(n));
        for (int i = 0; i < n; i++) {
            list.add(element.read(in));
        }
        return list;
    }
}
