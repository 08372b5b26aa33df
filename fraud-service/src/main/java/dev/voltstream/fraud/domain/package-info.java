/**
 * The persistent state of fraud-service (schema {@code fraud}, migrations in {@code db/migration}): rule state per
 * account, the velocity window, blocked accounts, decided verdicts and alerts, and the transactional outbox. Panache
 * entities with static finders; no business logic here.
 */
package dev.voltstream.fraud.domain;
