package dev.voltstream.load;

/** A broker under test: a name for reports, its bootstrap servers, and optionally its process id (CPU, RSS). */
public record Target(String name, String bootstrap, long pid) {

    /** Parses {@code name=host:port[@pid]}. */
    public static Target parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("Expected name=host:port[@pid], got " + spec);
        }
        String rest = spec.substring(eq + 1);
        int at = rest.indexOf('@');
        return new Target(spec.substring(0, eq), at < 0 ? rest : rest.substring(0, at),
                at < 0 ? -1 : Long.parseLong(rest.substring(at + 1)));
    }
}
