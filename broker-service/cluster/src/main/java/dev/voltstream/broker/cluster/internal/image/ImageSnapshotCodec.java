package dev.voltstream.broker.cluster.internal.image;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.metadata.PartitionState;

/**
 * A whole {@link ClusterImage} as one snapshot file of the metadata log: magic {@code VSMI}, a format version, the
 * image (brokers, topics with every partition's state, dynamic broker configs, from version 2 the ACLs, from version 3
 * the finalized features, from version 4 SCRAM credentials and client quotas, from version 5 every broker's endpoints
 * where older versions had one host and port, and the features each broker supports), and a CRC32C
 * of everything before it.
 * A reader refuses an unknown newer version and any corrupt file with a clear error rather than misreading it.
 */
public final class ImageSnapshotCodec {
    private static final int MAGIC = 0x56534d49; // "VSMI"
    /**
     * 1: brokers, topics, broker configs; 2: and then the ACLs; 3: and then the finalized features; 4: and then the
     * SCRAM credentials and the client quotas (in the form of their metadata records' changes); 5: each broker with
     * all its endpoints (listener, host, port, security protocol) instead of one host and port, which an older
     * snapshot's broker reads as one unnamed endpoint ({@link BrokerEndpoint#LEGACY}), and after the quotas the
     * features each broker supports (its BrokerFeatures record).
     */
    private static final short VERSION = 5;
    private static final int MAX_COUNT = 10_000_000;

    private ImageSnapshotCodec() {
    }

    public static void write(ClusterImage image, OutputStream target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeLong(image.offset());
        out.writeInt(image.brokers().size());
        for (BrokerRegistration b : image.brokers().values()) {
            out.writeInt(b.id());
            FieldCodec.writeEndpoints(out, b.endpoints());
            FieldCodec.writeNullable(out, b.rack());
            out.writeUTF(b.incarnation());
            out.writeBoolean(b.fenced());
        }
        out.writeInt(image.topics().size());
        for (TopicImage t : image.topics().values()) {
            out.writeUTF(t.name());
            out.writeLong(t.id().getMostSignificantBits());
            out.writeLong(t.id().getLeastSignificantBits());
            FieldCodec.writeMap(out, t.configs());
            out.writeInt(t.partitions().size());
            for (PartitionState p : t.partitions()) {
                FieldCodec.writeInts(out, p.replicas());
                FieldCodec.writeInts(out, p.isr());
                out.writeInt(p.leader());
                out.writeInt(p.leaderEpoch());
                out.writeInt(p.partitionEpoch());
                FieldCodec.writeInts(out, p.addingReplicas());
                FieldCodec.writeInts(out, p.removingReplicas());
            }
        }
        out.writeInt(image.brokerConfigs().size());
        for (Map.Entry<String, Map<String, String>> e : image.brokerConfigs().entrySet()) {
            out.writeUTF(e.getKey());
            FieldCodec.writeMap(out, e.getValue());
        }
        FieldCodec.writeAcls(out, image.acls());
        FieldCodec.writeLevels(out, image.features());
        List<MetadataCommand.ScramChange> credentials = new ArrayList<>();
        image.scram().users().forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) ->
                credentials.add(new MetadataCommand.ScramChange(user, mechanism, credential, false))));
        FieldCodec.writeScramChanges(out, credentials);
        List<MetadataCommand.QuotaChange> quotas = new ArrayList<>();
        image.quotas().entities().forEach((entity, values) ->
                quotas.add(new MetadataCommand.QuotaChange(entity, values, java.util.Set.of())));
        FieldCodec.writeQuotaChanges(out, quotas);
        out.writeInt(image.brokerFeatures().size());
        for (MetadataCommand.BrokerFeatures f : image.brokerFeatures().values()) {
            out.writeInt(f.id());
            out.writeUTF(f.incarnation());
            FieldCodec.writeRanges(out, f.supported());
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        bytes.writeTo(target);
    }

    public static ClusterImage read(InputStream source) throws IOException {
        byte[] all = source.readAllBytes();
        if (all.length < 10) {
            throw new IOException("Metadata snapshot too short (" + all.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        if (in.readInt() != MAGIC) {
            throw new IOException("Not a Voltstream metadata snapshot (bad magic)");
        }
        short version = in.readShort();
        if (version > VERSION || version < 1) {
            throw new IOException("Metadata snapshot format version " + version + " is not known to this broker "
                    + "(it reads up to version " + VERSION + "): written by a newer release?");
        }
        int stored = java.nio.ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IOException("Metadata snapshot is corrupt (CRC mismatch)");
        }
        long offset = in.readLong();
        SortedMap<Integer, BrokerRegistration> brokers = new TreeMap<>();
        for (int i = count(in); i > 0; i--) {
            int id = in.readInt();
            List<BrokerEndpoint> endpoints = version >= 5 ? FieldCodec.readEndpoints(in)
                    : List.of(BrokerEndpoint.legacy(in.readUTF(), in.readInt()));
            BrokerRegistration b = new BrokerRegistration(id, endpoints, FieldCodec.readNullable(in), in.readUTF(),
                    in.readBoolean());
            brokers.put(b.id(), b);
        }
        SortedMap<String, TopicImage> topics = new TreeMap<>();
        for (int i = count(in); i > 0; i--) {
            String name = in.readUTF();
            Uuid id = new Uuid(in.readLong(), in.readLong());
            Map<String, String> configs = FieldCodec.readMap(in);
            int n = count(in);
            List<PartitionState> partitions = new ArrayList<>(n);
            for (int p = 0; p < n; p++) {
                partitions.add(new PartitionState(FieldCodec.readInts(in), FieldCodec.readInts(in), in.readInt(), in.readInt(),
                        in.readInt(), FieldCodec.readInts(in), FieldCodec.readInts(in)));
            }
            topics.put(name, new TopicImage(name, id, configs, partitions));
        }
        SortedMap<String, Map<String, String>> brokerConfigs = new TreeMap<>();
        for (int i = count(in); i > 0; i--) {
            brokerConfigs.put(in.readUTF(), FieldCodec.readMap(in));
        }
        List<org.apache.kafka.common.acl.AclBinding> acls = version >= 2 ? FieldCodec.readAcls(in) : List.of();
        Map<String, Short> features = version >= 3 ? FieldCodec.readLevels(in) : Map.of();
        ScramImage scram = version >= 4 ? ScramImage.EMPTY.apply(FieldCodec.readScramChanges(in)) : ScramImage.EMPTY;
        QuotaImage quotas = version >= 4 ? QuotaImage.EMPTY.apply(FieldCodec.readQuotaChanges(in)) : QuotaImage.EMPTY;
        SortedMap<Integer, MetadataCommand.BrokerFeatures> brokerFeatures = new TreeMap<>();
        for (int i = version >= 5 ? count(in) : 0; i > 0; i--) {
            MetadataCommand.BrokerFeatures f = new MetadataCommand.BrokerFeatures(in.readInt(), in.readUTF(),
                    FieldCodec.readRanges(in));
            brokerFeatures.put(f.id(), f);
        }
        return new ClusterImage(offset, brokers, topics, brokerConfigs, new java.util.LinkedHashSet<>(acls),
                new TreeMap<>(features), scram, quotas, brokerFeatures);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("Metadata snapshot is corrupt (count " + n + ")");
        }
        return n;
    }
}
