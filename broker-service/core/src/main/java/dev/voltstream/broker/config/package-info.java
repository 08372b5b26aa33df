/** Broker configuration with Apache Kafka's property names ({@code server.properties} plus {@code --override}). */
package dev.voltstream.broker.config;
