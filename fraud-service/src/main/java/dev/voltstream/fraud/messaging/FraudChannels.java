package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Topics;
import dev.voltstream.kit.db.OutboxChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The outgoing channel of each topic fraud-service writes to its outbox. */
@ApplicationScoped
public class FraudChannels implements OutboxChannels {
    @Inject
    @Channel(Channels.VERDICTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> verdicts;

    @Inject
    @Channel(Channels.ALERTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> alerts;

    @Override
    public Emitter<String> emitterFor(String topic) {
        return switch (topic) {
            case Topics.TRANSACTION_VERDICTS -> verdicts;
            case Topics.FRAUD_ALERTS -> alerts;
            default -> throw new IllegalStateException("no channel for outbox topic " + topic);
        };
    }
}
