/**
 * Entities of the billing schema: accounts, ledger entries, invoices, processed events (idempotent consumer) and the
 * outbox. Small Panache entities with static finders; every write happens inside a service-layer transaction.
 */
package dev.voltstream.billing.domain;
