/**
 * The Voltstream service kit: the plumbing the services share, written once. {@code events}: CloudEvents types in and
 * out and the event JSON; {@code consumer}: the batch consumer with its type policy, poison-record settling and
 * retries; {@code rest}: RFC 9457 problem details. The outbox and processed-event idempotency, which need PostgreSQL,
 * are in {@code voltstream-service-kit-db} ({@code dev.voltstream.kit.db}).
 */
package dev.voltstream.kit;
