package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.util.Optional;

/** Compliance: a blocked account's transactions are declined. */
public final class BlockedAccountRule implements TransactionRule {

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        return history.blocked()
                ? Optional.of(RuleHit.compliance(RuleNames.ACCOUNT_BLOCKED, "account " + tx.accountId() + " is blocked"))
                : Optional.empty();
    }
}
