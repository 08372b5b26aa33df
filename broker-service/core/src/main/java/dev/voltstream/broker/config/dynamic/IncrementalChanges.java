package dev.voltstream.broker.config.dynamic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/** IncrementalAlterConfigs' operations (SET, DELETE, APPEND, SUBTRACT) applied to a resource's current configs. */
public final class IncrementalChanges {

    /** One requested operation. */
    public record Change(String name, byte operation, String value) {
    }

    private IncrementalChanges() {
    }

    /**
     * The configs after applying {@code changes} in order. APPEND and SUBTRACT work on list configs only, starting
     * from the current value or else the default.
     *
     * @param keys the definition of a config name, if known
     */
    public static Map<String, String> apply(Map<String, String> current, List<Change> changes,
                                            Function<String, Optional<ConfigKey>> keys) {
        Set<String> seen = new HashSet<>();
        for (Change change : changes) {
            if (!seen.add(change.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys");
            }
        }
        Map<String, String> result = new TreeMap<>(current);
        for (Change change : changes) {
            OpType op = OpType.forId(change.operation());
            if (op == null) {
                throw new InvalidRequestException("Unknown alter configs operation " + change.operation()
                        + " for config " + change.name());
            }
            switch (op) {
                case SET -> result.put(change.name(), change.value());
                case DELETE -> result.remove(change.name());
                case APPEND, SUBTRACT -> {
                    Optional<ConfigKey> key = keys.apply(change.name());
                    if (key.isEmpty() || key.get().type() != ConfigType.LIST) {
                        throw new InvalidConfigurationException("Config value append is not allowed for config key: "
                                + change.name());
                    }
                    String base = result.getOrDefault(change.name(), key.get().defaultValue());
                    Set<String> items = new LinkedHashSet<>(split(base));
                    if (op == OpType.APPEND) {
                        items.addAll(split(change.value()));
                    } else {
                        split(change.value()).forEach(items::remove);
                    }
                    result.put(change.name(), String.join(",", items));
                }
                default -> throw new IllegalStateException("Unexpected operation " + op);
            }
        }
        return result;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        if (list != null) {
            for (String item : list.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }
}
