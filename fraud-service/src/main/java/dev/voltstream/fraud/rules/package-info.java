/**
 * The compliance checks and fraud rules as pure Java: no framework, no database, no wall clock. A rule looks at one
 * {@link dev.voltstream.contracts.Transaction} and the account's {@link dev.voltstream.fraud.rules.AccountHistory} and
 * may return a {@link dev.voltstream.fraud.rules.RuleHit}; the {@link dev.voltstream.fraud.rules.RuleEngine} turns the
 * hits into a {@link dev.voltstream.fraud.rules.Decision}. Time comes from the transaction (event time), so replaying
 * the same transactions gives the same decisions.
 */
package dev.voltstream.fraud.rules;
