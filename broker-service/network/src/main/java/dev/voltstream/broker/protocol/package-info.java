/** Kafka protocol plumbing shared by the network layer and the handlers: decoded requests, the API version table. */
package dev.voltstream.broker.protocol;
