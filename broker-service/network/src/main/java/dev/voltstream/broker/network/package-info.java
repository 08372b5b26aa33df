/**
 * The Kafka listener, as the rest of the broker sees it: {@link dev.voltstream.broker.network.BrokerServer} (start,
 * stop, bound ports), the {@link dev.voltstream.broker.network.RequestProcessor} the engine plugs in, the limits
 * ({@link dev.voltstream.broker.network.NetworkLimits}), the one-line rejection log and the listener's authentication
 * gate. The pipeline itself (frames, decoding, in-order and zero-copy responses) is {@code network.internal}.
 */
package dev.voltstream.broker.network;
