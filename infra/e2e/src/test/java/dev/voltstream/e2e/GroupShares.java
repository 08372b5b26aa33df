package dev.voltstream.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Which instance of a service holds which partitions of its consumer group, from the group's description: members
 * are told apart by the {@code <service>-<instance>-} prefix {@link ServiceFleet} gives their client.id.
 */
record GroupShares(String group, GroupState state, Map<Integer, Set<String>> byInstance, List<String> unknownMembers) {

    static GroupShares describe(Admin admin, ServiceApp app) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(app.module()))
                .describedGroups().get(app.module()).get();
        Map<Integer, Set<String>> byInstance = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            Integer instance = instanceOf(app, member.clientId());
            if (instance == null) {
                unknown.add(member.clientId());
                continue;
            }
            Set<String> share = byInstance.computeIfAbsent(instance, k -> new TreeSet<>());
            for (TopicPartition tp : member.assignment().topicPartitions()) {
                share.add(tp.toString());
            }
        }
        return new GroupShares(app.module(), description.groupState(), byInstance, unknown);
    }

    /** The instance number in a client.id {@code <service>-<n>-...}, or null when it is not one of the service's. */
    private static Integer instanceOf(ServiceApp app, String clientId) {
        String prefix = app.module() + "-";
        if (clientId == null || !clientId.startsWith(prefix)) {
            return null;
        }
        String rest = clientId.substring(prefix.length());
        int dash = rest.indexOf('-');
        try {
            return dash < 0 ? null : Integer.parseInt(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every partition some instance holds. */
    Set<String> assigned() {
        Set<String> all = new TreeSet<>();
        byInstance.values().forEach(all::addAll);
        return all;
    }

    /** Whether no partition is held by two instances. */
    boolean disjoint() {
        return byInstance.values().stream().mapToInt(Set::size).sum() == assigned().size();
    }

    /** Stable, these instances present, each holding some partitions, none twice, together all of {@code expected}. */
    boolean splitAmong(Set<Integer> instances, Set<String> expected) {
        return state == GroupState.STABLE && unknownMembers.isEmpty() && byInstance.keySet().equals(instances)
                && byInstance.values().stream().noneMatch(Set::isEmpty) && disjoint() && assigned().equals(expected);
    }
}
