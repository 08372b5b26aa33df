/**
 * The Netty pipeline behind {@link dev.voltstream.broker.network.BrokerServer}, used by the network module only: frame
 * decoding with the protocol bounds ({@code KafkaFrameDecoder}, {@code FrameBudget}), request parsing
 * ({@code RequestDecoder}, {@code BoundedAccessor} with its parsed-size budget), connection and memory limits
 * ({@code ConnectionLimiter}, {@code RequestMemoryPool}, {@code ReadGate}, {@code ReadMute}), the per-connection
 * request channel with in-order responses ({@code RequestChannelHandler}) and response writing, zero-copy fetch
 * regions included ({@code ResponseSerializer}, {@code SharedFileRegion}).
 */
package dev.voltstream.broker.network.internal;
