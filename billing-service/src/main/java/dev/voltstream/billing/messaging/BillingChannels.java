package dev.voltstream.billing.messaging;

import dev.voltstream.contracts.Topics;
import dev.voltstream.kit.db.OutboxChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The outgoing channel of each topic billing-service writes to its outbox. */
@ApplicationScoped
public class BillingChannels implements OutboxChannels {
    @Inject
    @Channel(Channels.INVOICES_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> invoices;

    @Inject
    @Channel(Channels.TRANSACTIONS_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> transactions;

    @Inject
    @Channel(Channels.ACCOUNT_UPDATES_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> accountUpdates;

    @Override
    public Emitter<String> emitterFor(String topic) {
        return switch (topic) {
            case Topics.INVOICES -> invoices;
            case Topics.TRANSACTIONS -> transactions;
            case Topics.ACCOUNT_UPDATES -> accountUpdates;
            default -> throw new IllegalStateException("no channel for outbox topic " + topic);
        };
    }
}
