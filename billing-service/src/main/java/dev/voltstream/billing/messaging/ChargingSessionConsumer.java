package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.InvoiceService;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Consumes charging-sessions: a SessionCompleted becomes an invoice; started/progress events are not billed. */
@ApplicationScoped
public class ChargingSessionConsumer {
    private final EventDispatcher dispatcher;
    private final List<Route<?>> routes;

    public ChargingSessionConsumer(EventDispatcher dispatcher, InvoiceService invoices) {
        this.dispatcher = dispatcher;
        this.routes = List.of(
                Route.handle(EventTypes.SESSION_COMPLETED, SessionCompleted.class, invoices::invoice),
                Route.ignore(EventTypes.SESSION_STARTED),
                Route.ignore(EventTypes.SESSION_PROGRESS));
    }

    /** One record at a time, in partition order, on a worker thread (the effect is a database transaction). */
    @Incoming(Channels.CHARGING_SESSIONS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return dispatcher.dispatch(message, Topics.CHARGING_SESSIONS, routes);
    }
}
