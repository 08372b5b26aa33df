package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.util.Optional;

/** A compliance check or fraud rule: looks at one transaction and the account's history before it. */
public interface TransactionRule {

    /** The hit when the rule fires on {@code tx}, else empty. Must not change {@code history}. */
    Optional<RuleHit> evaluate(Transaction tx, AccountHistory history);
}
