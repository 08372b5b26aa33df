package dev.voltstream.broker.security.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * An immutable set of ACL bindings indexed for the authorizer: per resource type, the LITERAL bindings by name and the
 * PREFIXED bindings by prefix, so a check looks up the name, the wildcard {@code *} and each prefix of the name (at
 * most name-length lookups, whatever the number of ACLs).
 */
final class AclIndex {
    static final AclIndex EMPTY = new AclIndex(List.of());

    private final Set<AclBinding> all;
    private final Map<ResourceType, Map<String, List<AclBinding>>> literal = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, Map<String, List<AclBinding>>> prefixed = new EnumMap<>(ResourceType.class);

    AclIndex(Collection<AclBinding> bindings) {
        this.all = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(bindings));
        for (AclBinding binding : all) {
            ResourcePattern pattern = binding.pattern();
            Map<ResourceType, Map<String, List<AclBinding>>> byType =
                    pattern.patternType() == PatternType.PREFIXED ? prefixed : literal;
            byType.computeIfAbsent(pattern.resourceType(), t -> new HashMap<>())
                    .computeIfAbsent(pattern.name(), n -> new ArrayList<>()).add(binding);
        }
    }

    Set<AclBinding> all() {
        return all;
    }

    /** The bindings whose pattern matches the resource {@code name} of {@code type}: literal, wildcard, prefixed. */
    List<AclBinding> matching(ResourceType type, String name) {
        List<AclBinding> out = new ArrayList<>();
        Map<String, List<AclBinding>> lit = literal.get(type);
        if (lit != null) {
            out.addAll(lit.getOrDefault(name, List.of()));
            if (!name.equals(ResourcePattern.WILDCARD_RESOURCE)) {
                out.addAll(lit.getOrDefault(ResourcePattern.WILDCARD_RESOURCE, List.of()));
            }
        }
        Map<String, List<AclBinding>> pre = prefixed.get(type);
        if (pre != null) {
            for (int end = 0; end <= name.length(); end++) {
                List<AclBinding> found = pre.get(name.substring(0, end));
                if (found != null) {
                    out.addAll(found);
                }
            }
        }
        return out;
    }

    /** Every binding on {@code type}, whatever its name. */
    List<AclBinding> ofType(ResourceType type) {
        List<AclBinding> out = new ArrayList<>();
        literal.getOrDefault(type, Map.of()).values().forEach(out::addAll);
        prefixed.getOrDefault(type, Map.of()).values().forEach(out::addAll);
        return out;
    }
}
