/**
 * Encryption and authentication of client connections: which security protocol each listener speaks
 * ({@link dev.voltstream.broker.security.ListenerSecurity}), TLS ({@code ServerTls}), SASL PLAIN and SCRAM ({@code SaslMechanisms},
 * {@code SaslSession}) and the SCRAM credentials the broker keeps ({@code scram}). Kafka's own classes from kafka-clients do the
 * cryptography (key stores, SASL servers, the principal builder); this package wires them to the listeners.
 */
package dev.voltstream.broker.security;
