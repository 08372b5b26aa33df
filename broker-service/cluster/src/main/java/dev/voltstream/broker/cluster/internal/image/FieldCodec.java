package dev.voltstream.broker.cluster.internal.image;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** The field encodings metadata records and snapshots share: nullable strings, int lists, string maps, ACLs. */
final class FieldCodec {
    private FieldCodec() {
    }

    static int capacity(int count) {
        if (count < 0) {
            throw new UnsupportedMetadataRecordException("metadata record has a negative count " + count);
        }
        return Math.min(count, 64);
    }

    static void writeInts(DataOutputStream out, List<Integer> ints) throws IOException {
        out.writeInt(ints.size());
        for (int i : ints) {
            out.writeInt(i);
        }
    }

    static List<Integer> readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Integer> ints = new ArrayList<>(capacity(n));
        for (int i = 0; i < n; i++) {
            ints.add(in.readInt());
        }
        return ints;
    }

    static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    /** A broker's endpoints: count, then per endpoint its listener name, host, port and nullable security protocol. */
    static void writeEndpoints(DataOutputStream out, List<BrokerEndpoint> endpoints) throws IOException {
        out.writeInt(endpoints.size());
        for (BrokerEndpoint e : endpoints) {
            out.writeUTF(e.listener());
            out.writeUTF(e.host());
            out.writeInt(e.port());
            writeNullable(out, e.securityProtocol());
        }
    }

    static List<BrokerEndpoint> readEndpoints(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<BrokerEndpoint> endpoints = new ArrayList<>(capacity(n));
        for (int i = 0; i < n; i++) {
            endpoints.add(new BrokerEndpoint(in.readUTF(), in.readUTF(), in.readInt(), readNullable(in)));
        }
        return endpoints;
    }

    /** Feature levels: count, then per feature its name and level. */
    static void writeLevels(DataOutputStream out, Map<String, Short> levels) throws IOException {
        out.writeInt(levels.size());
        for (Map.Entry<String, Short> e : new TreeMap<>(levels).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeShort(e.getValue());
        }
    }

    static Map<String, Short> readLevels(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1000) {
            throw new IOException("Bad feature count " + n);
        }
        Map<String, Short> levels = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            levels.put(in.readUTF(), in.readShort());
        }
        return levels;
    }

    /** Supported feature ranges: count, then per feature its name, lowest and highest level. */
    static void writeRanges(DataOutputStream out, Map<String, MetadataCommand.FeatureRange> ranges)
            throws IOException {
        out.writeInt(ranges.size());
        for (Map.Entry<String, MetadataCommand.FeatureRange> e : new TreeMap<>(ranges).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeShort(e.getValue().min());
            out.writeShort(e.getValue().max());
        }
    }

    static Map<String, MetadataCommand.FeatureRange> readRanges(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1000) {
            throw new IOException("Bad feature count " + n);
        }
        Map<String, MetadataCommand.FeatureRange> ranges = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            ranges.put(in.readUTF(), new MetadataCommand.FeatureRange(in.readShort(), in.readShort()));
        }
        return ranges;
    }

    /** ACL bindings: count, then per binding the codes and strings of Kafka's {@code AclBinding}. */
    static void writeAcls(DataOutputStream out, Collection<AclBinding> acls) throws IOException {
        out.writeInt(acls.size());
        for (AclBinding acl : acls) {
            out.writeByte(acl.pattern().resourceType().code());
            out.writeByte(acl.pattern().patternType().code());
            out.writeUTF(acl.pattern().name());
            out.writeUTF(acl.entry().principal());
            out.writeUTF(acl.entry().host());
            out.writeByte(acl.entry().operation().code());
            out.writeByte(acl.entry().permissionType().code());
        }
    }

    static List<AclBinding> readAcls(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<AclBinding> acls = new ArrayList<>(capacity(n));
        for (int i = 0; i < n; i++) {
            byte resourceType = in.readByte();
            byte patternType = in.readByte();
            String name = in.readUTF();
            String principal = in.readUTF();
            String host = in.readUTF();
            byte operation = in.readByte();
            byte permission = in.readByte();
            try {
                acls.add(new AclBinding(new ResourcePattern(ResourceType.fromCode(resourceType), name,
                        PatternType.fromCode(patternType)), new AccessControlEntry(principal, host,
                        AclOperation.fromCode(operation), AclPermissionType.fromCode(permission))));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedMetadataRecordException("metadata ACL is not valid: " + e.getMessage());
            }
        }
        return acls;
    }
    /** SCRAM changes: count, then per change user, mechanism, nullable credential string, only-if-absent flag. */
    static void writeScramChanges(DataOutputStream out, Collection<MetadataCommand.ScramChange> changes)
            throws IOException {
        out.writeInt(changes.size());
        for (MetadataCommand.ScramChange change : changes) {
            out.writeUTF(change.user());
            out.writeUTF(change.mechanism());
            writeNullable(out, change.credential());
            out.writeBoolean(change.onlyIfAbsent());
        }
    }

    static List<MetadataCommand.ScramChange> readScramChanges(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<MetadataCommand.ScramChange> changes = new ArrayList<>(capacity(n));
        for (int i = 0; i < n; i++) {
            changes.add(new MetadataCommand.ScramChange(in.readUTF(), in.readUTF(), readNullable(in),
                    in.readBoolean()));
        }
        return changes;
    }

    /**
     * Quota changes: count, then per change its entity (count, then type and nullable name per part), its set
     * values (count, then key and double) and its removed keys (count, then key).
     */
    static void writeQuotaChanges(DataOutputStream out, Collection<MetadataCommand.QuotaChange> changes)
            throws IOException {
        out.writeInt(changes.size());
        for (MetadataCommand.QuotaChange change : changes) {
            out.writeInt(change.entity().size());
            for (Map.Entry<String, String> part : change.entity().entrySet()) {
                out.writeUTF(part.getKey());
                writeNullable(out, part.getValue());
            }
            out.writeInt(change.set().size());
            for (Map.Entry<String, Double> value : new TreeMap<>(change.set()).entrySet()) {
                out.writeUTF(value.getKey());
                out.writeDouble(value.getValue());
            }
            out.writeInt(change.removed().size());
            for (String key : new java.util.TreeSet<>(change.removed())) {
                out.writeUTF(key);
            }
        }
    }

    static List<MetadataCommand.QuotaChange> readQuotaChanges(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<MetadataCommand.QuotaChange> changes = new ArrayList<>(capacity(n));
        for (int i = 0; i < n; i++) {
            java.util.SortedMap<String, String> entity = new TreeMap<>();
            for (int p = in.readInt(); p > 0; p--) {
                entity.put(in.readUTF(), readNullable(in));
            }
            Map<String, Double> set = new TreeMap<>();
            for (int v = in.readInt(); v > 0; v--) {
                set.put(in.readUTF(), in.readDouble());
            }
            java.util.Set<String> removed = new java.util.TreeSet<>();
            for (int r = in.readInt(); r > 0; r--) {
                removed.add(in.readUTF());
            }
            changes.add(new MetadataCommand.QuotaChange(entity, set, removed));
        }
        return changes;
    }
}
