/** Operator commands that drive a running cluster through the Kafka Admin API (decommissioning a broker). */
package dev.voltstream.broker.tools;
