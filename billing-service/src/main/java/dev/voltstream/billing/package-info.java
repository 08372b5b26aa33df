/**
 * billing-service: invoices for completed charging sessions, a double-entry ledger whose postings change an account's
 * balance exactly once per approved transaction, and a transactional outbox for every event it emits.
 */
package dev.voltstream.billing;
