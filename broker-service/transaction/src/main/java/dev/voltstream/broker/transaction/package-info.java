/**
 * The transaction coordinator (KIP-98, transaction versions 1 and 2): the state machine of each transactional id,
 * persisted in the {@code __transaction_state} log, the commit and abort markers it writes to partitions, and the
 * transactional offset commits it hands to the group coordinator when a transaction commits.
 */
package dev.voltstream.broker.transaction;
