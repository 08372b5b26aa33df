package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.PaymentService;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.TransactionVerdict;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Consumes transaction-verdicts: an APPROVED verdict is posted to the ledger once; a DECLINED one changes nothing. */
@ApplicationScoped
public class TransactionVerdictConsumer {
    private final EventDispatcher dispatcher;
    private final List<Route<?>> routes;

    public TransactionVerdictConsumer(EventDispatcher dispatcher, PaymentService payments) {
        this.dispatcher = dispatcher;
        this.routes = List.of(Route.handle(EventTypes.TRANSACTION_VERDICT, TransactionVerdict.class, payments::apply));
    }

    /** One record at a time, in partition order, on a worker thread (the effect is a database transaction). */
    @Incoming(Channels.TRANSACTION_VERDICTS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return dispatcher.dispatch(message, Topics.TRANSACTION_VERDICTS, routes);
    }
}
