package dev.voltstream.broker.handler;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMetadata;
import dev.voltstream.broker.transaction.TransactionState;

/**
 * ListTransactions: the transactional ids this coordinator knows, filtered by state names, producer ids, how long
 * the transaction has been open (v1) and an id regular expression (v2). Unknown state names are reported back.
 */
public final class ListTransactionsHandler implements ApiHandler<ListTransactionsRequestData> {
    private final TransactionCoordinator coordinator;
    private final Time time;

    public ListTransactionsHandler(TransactionCoordinator coordinator, Time time) {
        this.coordinator = coordinator;
        this.time = time;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    @Override
    public CompletionStage<ListTransactionsResponseData> handle(RequestContext context,
                                                                ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Set<TransactionState> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            TransactionState.forKafkaName(name).ifPresentOrElse(states::add,
                    () -> response.unknownStateFilters().add(name));
        }
        Pattern pattern = null;
        String regex = request.transactionalIdPattern();
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION
                        .code()));
            }
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        long now = time.milliseconds();
        for (TransactionMetadata m : coordinator.list()) {
            boolean matches = (states.isEmpty() || states.contains(m.state()))
                    && (producerIds.isEmpty() || producerIds.contains(m.producerId()))
                    && (request.durationFilter() < 0 || (m.state() == TransactionState.ONGOING
                            && now - m.txnStartTimestamp() >= request.durationFilter()))
                    && (pattern == null || pattern.matcher(m.transactionalId()).matches());
            if (matches && (request.stateFilters().isEmpty() || !states.isEmpty())) {
                response.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(m.transactionalId()).setProducerId(m.producerId())
                        .setTransactionState(m.state().kafkaName()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
