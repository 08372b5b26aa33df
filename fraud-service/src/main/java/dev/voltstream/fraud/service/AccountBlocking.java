package dev.voltstream.fraud.service;

import dev.voltstream.fraud.domain.BlockedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Blocks and unblocks accounts; a block applies to every transaction decided after it commits. */
@ApplicationScoped
public class AccountBlocking {
    private static final Logger LOG = Logger.getLogger(AccountBlocking.class);

    private final Clock clock;

    public AccountBlocking(Clock clock) {
        this.clock = clock;
    }

    /** Blocks (or re-blocks with a new reason) the account. */
    @Transactional
    public BlockedAccount block(String accountId, String reason) {
        BlockedAccount row = BlockedAccount.<BlockedAccount>findByIdOptional(accountId).orElseGet(BlockedAccount::new);
        if (row.accountId == null) {
            row.accountId = accountId;
            row.blockedAt = Instant.now(clock);
        }
        row.reason = reason;
        row.persist();
        LOG.infof("account %s blocked: %s", accountId, reason);
        return row;
    }

    /** Unblocks the account; false when it was not blocked. */
    @Transactional
    public boolean unblock(String accountId) {
        boolean removed = BlockedAccount.deleteById(accountId);
        if (removed) {
            LOG.infof("account %s unblocked", accountId);
        }
        return removed;
    }

    @Transactional
    public Optional<BlockedAccount> find(String accountId) {
        return BlockedAccount.findByIdOptional(accountId);
    }
}
