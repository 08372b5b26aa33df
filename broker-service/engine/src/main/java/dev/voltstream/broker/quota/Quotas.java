package dev.voltstream.broker.quota;

import java.nio.file.Path;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.metadata.ReplicatedClientQuotas;
import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.security.PrincipalResolver;

/** Wires client quotas: where they are kept, and their enforcement in front of the handlers. */
public final class Quotas {
    private Quotas() {
    }

    /** Single node: {@link QuotaFile} in {@code metadataDir}; cluster mode ({@code cluster} non-null): its quotas. */
    public static ClientQuotas clientQuotas(Path metadataDir, ReplicatedClientQuotas cluster) {
        return cluster != null ? ClientQuotas.replicated(cluster) : new ClientQuotas(new QuotaFile(metadataDir));
    }

    /** {@code next} behind byte-rate enforcement ({@code quota.window.num}, {@code quota.window.size.seconds}). */
    public static RequestProcessor wrap(RequestProcessor next, ClientQuotas quotas, BrokerConfig config) {
        return new QuotaProcessor(next, quotas, PrincipalResolver.from(config),
                config.getInt("quota.window.num", 11), config.getInt("quota.window.size.seconds", 1) * 1000L);
    }
}
