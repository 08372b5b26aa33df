package dev.voltstream.load;

import java.util.Arrays;
import java.util.List;

/**
 * A broker under test: a name for reports, its bootstrap servers, and the process ids of its brokers (none, one, or
 * one per broker of a cluster), whose CPU and RSS the report sums.
 */
public record Target(String name, String bootstrap, List<Long> pids) {

    public Target {
        pids = List.copyOf(pids);
    }

    /** Parses {@code name=host:port[,host:port...][@pid[,pid...]]}, e.g. {@code kafka=127.0.0.1:9092,127.0.0.1:9093@41,42}. */
    public static Target parse(String spec) {
        int eq = spec.indexOf('=');
        String rest = eq <= 0 ? "" : spec.substring(eq + 1);
        int at = rest.indexOf('@');
        String bootstrap = at < 0 ? rest : rest.substring(0, at);
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("Expected name=host:port[,host:port...][@pid[,pid...]], got " + spec);
        }
        List<Long> pids = at < 0 ? List.of() : Arrays.stream(rest.substring(at + 1).split(","))
                .map(String::trim).map(Long::parseLong).toList();
        return new Target(spec.substring(0, eq), bootstrap, pids);
    }

    /** CPU time and RSS of all this target's broker processes together (unknown when it has none). */
    public ProcessStats processStats() {
        return ProcessStats.sum(pids.stream().map(ProcessStats::of).toList());
    }
}
