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
}
