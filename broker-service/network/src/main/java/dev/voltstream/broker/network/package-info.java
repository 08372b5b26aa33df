/** The Kafka listener: Netty pipeline, request frames, in-order responses, zero-copy fetch responses. */
package dev.voltstream.broker.network;
