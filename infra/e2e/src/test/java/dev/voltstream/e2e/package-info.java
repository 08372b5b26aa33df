/**
 * The end-to-end system test: a broker (Voltstream in this JVM, or Apache Kafka in a child JVM), an embedded
 * PostgreSQL and the four services as child JVMs, driven through the producer's REST API, then SYSTEM.md's invariants
 * checked against the topics and the services' databases.
 */
package dev.voltstream.e2e;
