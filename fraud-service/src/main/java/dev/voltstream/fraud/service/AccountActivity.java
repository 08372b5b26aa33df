package dev.voltstream.fraud.service;

import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.AlertRecord;
import dev.voltstream.fraud.domain.BlockedAccount;
import dev.voltstream.fraud.domain.VerdictRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Read side: what the service knows and decided about an account. */
@ApplicationScoped
public class AccountActivity {

    /** Whether the service has seen the account at all (state, a verdict or a block). */
    @Transactional
    public boolean known(String accountId) {
        return AccountState.findByIdOptional(accountId).isPresent() || VerdictRecord.anyFor(accountId)
                || BlockedAccount.findByIdOptional(accountId).isPresent();
    }

    @Transactional
    public Optional<AccountState> state(String accountId) {
        return AccountState.findByIdOptional(accountId);
    }

    @Transactional
    public List<VerdictRecord> recentVerdicts(String accountId, int limit) {
        return VerdictRecord.recentOf(accountId, limit);
    }

    @Transactional
    public List<AlertRecord> recentAlerts(String accountId, int limit) {
        return AlertRecord.recentOf(accountId, limit);
    }

    @Transactional
    public Optional<VerdictRecord> verdict(String transactionId) {
        return VerdictRecord.findByIdOptional(transactionId);
    }
}
