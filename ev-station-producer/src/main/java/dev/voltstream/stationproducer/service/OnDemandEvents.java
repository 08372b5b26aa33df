package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Events emitted on request, beside the running simulation: one injected event, or the transactions of a fraud
 * scenario (sent in order on one key, so they reach fraud-service in order). The stages complete when the broker has
 * acknowledged everything.
 */
@ApplicationScoped
public class OnDemandEvents {
    @Inject
    EventInjector injector;
    @Inject
    FraudScenarios scenarios;
    @Inject
    EventPublisher publisher;
    @Inject
    Clock clock;

    /** Builds and emits one event; completes with it once acknowledged. */
    public CompletionStage<Event> inject(InjectRequest request) {
        Event event = injector.build(request, clock.instant());
        return publisher.publish(event).thenApply(ignored -> event);
    }

    /**
     * Runs a fraud scenario for the named account (a fleet or earlier scenario account), or for a fresh scenario
     * account when none is named. blocked-account needs a named account: only one blocked in fraud-service makes sense.
     */
    public CompletionStage<ScenarioRun> run(String scenarioSlug, String accountId) {
        FraudScenario scenario = FraudScenario.bySlug(scenarioSlug)
                .orElseThrow(() -> new UnknownResourceException("scenario", scenarioSlug));
        Account account;
        if (accountId == null || accountId.isBlank()) {
            if (scenario == FraudScenario.BLOCKED_ACCOUNT) {
                throw new IllegalArgumentException("blocked-account needs accountId: an account blocked in fraud-service");
            }
            account = scenarios.freshAccount();
        } else {
            account = scenarios.knownAccount(accountId)
                    .orElseThrow(() -> new UnknownResourceException("account", accountId));
        }
        ScenarioRun run = scenarios.run(scenario, account, clock.instant());
        CompletableFuture<?>[] acks = new CompletableFuture<?>[run.transactions().size()];
        int i = 0;
        for (Transaction tx : run.transactions()) {
            acks[i++] = publisher.publish(tx).toCompletableFuture();
        }
        return CompletableFuture.allOf(acks).thenApply(ignored -> run);
    }
}
