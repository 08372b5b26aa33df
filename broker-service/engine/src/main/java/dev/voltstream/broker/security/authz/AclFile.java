package dev.voltstream.broker.security.authz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.voltstream.broker.metadata.DurableProperties;
import dev.voltstream.broker.metadata.FormatVersion;

/**
 * A single node's ACLs: one properties file, {@code acls.properties} in the metadata dir, stamped {@code version=1}
 * ({@link FormatVersion}), one group of keys per ACL ({@code acl.<n>.resource_type}, {@code .pattern_type},
 * {@code .name}, {@code .principal}, {@code .host}, {@code .operation}, {@code .permission}). Written to a temporary
 * file, forced to disk and moved over the old one, so a crash leaves the old or the new set, never a mix.
 */
public final class AclFile implements AclStore {
    static final String FILE = "acls.properties";
    private static final int FORMAT_VERSION = 1;

    private final Path file;

    public AclFile(Path metadataDir) {
        this.file = metadataDir.resolve(FILE);
    }

    @Override
    public Collection<AclBinding> load() {
        Properties props = DurableProperties.read(file, "ACLs");
        if (props == null) {
            return List.of();
        }
        int version = FormatVersion.check(props, FORMAT_VERSION, file);
        if (version < 1) {
            throw new IllegalStateException(file + " has no format version: not an ACL file this broker wrote");
        }
        int count = Integer.parseInt(props.getProperty("acl.count", "0"));
        List<AclBinding> acls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String p = "acl." + i + ".";
            try {
                acls.add(new AclBinding(
                        new ResourcePattern(ResourceType.fromString(required(props, p + "resource_type")),
                                required(props, p + "name"),
                                PatternType.fromString(required(props, p + "pattern_type"))),
                        new AccessControlEntry(required(props, p + "principal"), required(props, p + "host"),
                                AclOperation.fromString(required(props, p + "operation")),
                                AclPermissionType.fromString(required(props, p + "permission")))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + ": ACL " + i + " is not valid: " + e.getMessage(), e);
            }
        }
        return acls;
    }

    private String required(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    @Override
    public void save(Collection<AclBinding> created, Collection<AclBinding> deleted, Collection<AclBinding> acls) {
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        props.setProperty("acl.count", Integer.toString(acls.size()));
        int i = 0;
        for (AclBinding acl : acls) {
            String p = "acl." + i++ + ".";
            props.setProperty(p + "resource_type", acl.pattern().resourceType().name());
            props.setProperty(p + "pattern_type", acl.pattern().patternType().name());
            props.setProperty(p + "name", acl.pattern().name());
            props.setProperty(p + "principal", acl.entry().principal());
            props.setProperty(p + "host", acl.entry().host());
            props.setProperty(p + "operation", acl.entry().operation().name());
            props.setProperty(p + "permission", acl.entry().permissionType().name());
        }
        DurableProperties.write(file, props, "ACLs (CreateAcls/DeleteAcls)", "ACLs");
    }
}
