package dev.voltstream.fraud.service;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.BlockedAccount;
import dev.voltstream.fraud.domain.VelocityEvent;
import dev.voltstream.fraud.rules.AccountHistory;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Maps an account's rows (state, velocity window, block) to the rules' {@link AccountHistory} and back. */
@ApplicationScoped
public class AccountHistoryStore {
    private final Thresholds thresholds;
    private final Clock clock;

    public AccountHistoryStore(Thresholds thresholds, Clock clock) {
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /** The history as of {@code at}, with the account's state row locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountHistory load(String accountId, Instant at) {
        boolean blocked = BlockedAccount.isBlocked(accountId);
        List<Instant> recent = VelocityEvent.timesAfter(accountId, at.minus(thresholds.velocityWindow()));
        return AccountState.findForUpdate(accountId)
                .map(s -> new AccountHistory(accountId, blocked, s.approvedCount, s.approvedSum,
                        s.lastLat == null ? null : new GeoLocation(s.lastLat, s.lastLon), s.lastAt, s.day, s.dayTotal,
                        recent))
                .orElseGet(() -> new AccountHistory(accountId, blocked, 0, null, null, null, null, null, recent));
    }

    /** Stores {@code after}: the state row, and the velocity entry of {@code transactionId}; prunes old entries. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(AccountHistory after, String transactionId, Instant at) {
        AccountState state = AccountState.<AccountState>findByIdOptional(after.accountId()).orElseGet(() -> {
            AccountState s = new AccountState();
            s.accountId = after.accountId();
            return s;
        });
        state.approvedCount = after.approvedCount();
        state.approvedSum = after.approvedSum();
        state.lastLat = after.lastLocation() == null ? null : after.lastLocation().lat();
        state.lastLon = after.lastLocation() == null ? null : after.lastLocation().lon();
        state.lastAt = after.lastAt();
        state.day = after.day();
        state.dayTotal = after.dayTotal();
        state.updatedAt = Instant.now(clock);
        state.persist();
        VelocityEvent.of(transactionId, after.accountId(), at).persist();
        Instant newest = after.recent().isEmpty() ? at : after.recent().get(after.recent().size() - 1);
        VelocityEvent.pruneUntil(after.accountId(), newest.minus(thresholds.velocityWindow()));
    }
}
