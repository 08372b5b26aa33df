/**
 * The operator console served by the broker: {@link dev.voltstream.broker.console.ConsoleServer} (the JDK's built-in
 * HTTP server on its own threads, so the Kafka request path never waits on it) serves the static UI, the admin REST
 * API ({@code /api}, described by {@code /api/openapi.yaml}) and Prometheus metrics ({@code /metrics}).
 * {@link dev.voltstream.broker.console.BrokerConsoleMain} is the deployable broker: KafkaBroker plus the console.
 */
package dev.voltstream.broker.console;
