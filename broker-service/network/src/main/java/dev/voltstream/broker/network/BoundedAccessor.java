package dev.voltstream.broker.network;

import java.nio.ByteBuffer;

import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * The accessor the request parser reads a frame through. kafka-clients' generated readers refuse an array whose count
 * exceeds {@link #remaining()} before allocating it, but they size the collection for the count: an honest-looking
 * lie of 50 million elements in a 50 MB frame would allocate hundreds of megabytes before the parse fails. Reporting
 * at most {@link #MAX_ARRAY_ELEMENTS} caps every array of a request at that many elements (no real request comes
 * near it: {@code max.partitions} is 10,000); strings, bytes and records are read from the buffer itself and are
 * bounded by the bytes that are really there.
 */
public final class BoundedAccessor extends ByteBufferAccessor {
    /**
     * The most elements any array of a request may have: three times {@code max.partitions}' default. Also bounds
     * the CPU a frame can cost: kafka-clients' keyed collections probe linearly, so n elements with the same key
     * (a Produce of n topics named "") take n²/2 probes, about half a second at this cap instead of minutes.
     */
    public static final int MAX_ARRAY_ELEMENTS = 1 << 15;

    public BoundedAccessor(ByteBuffer buffer) {
        super(buffer);
    }

    @Override
    public int remaining() {
        return Math.min(super.remaining(), MAX_ARRAY_ELEMENTS);
    }
}
