/**
 * Billing rules and their transactions: pricing a session, posting a payment to the double-entry ledger, opening
 * accounts, writing to the outbox, and checking that balances equal ledger sums.
 */
package dev.voltstream.billing.service;
