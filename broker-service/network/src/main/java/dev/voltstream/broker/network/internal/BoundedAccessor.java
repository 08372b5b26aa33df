package dev.voltstream.broker.network.internal;

import java.nio.ByteBuffer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * The accessor the request parser reads a frame through. kafka-clients' generated readers refuse an array whose count
 * exceeds {@link #remaining()} before allocating it, but they size the collection for the count: an honest-looking
 * lie of 50 million elements in a 50 MB frame would allocate hundreds of megabytes before the parse fails. Reporting
 * at most {@link #MAX_ARRAY_ELEMENTS} caps every array of a request at that many elements (no real request comes
 * near it: {@code max.partitions} is 10,000); strings, bytes and records are read from the buffer itself and are
 * bounded by the bytes that are really there.
 *
 * <p>It also estimates the heap the parsed request takes ({@link #parsedBytes()}): a well-formed frame of tiny
 * elements (a Produce partition entry is 6 bytes on the wire, an object of some 50 bytes on the heap) parses into
 * many times its size. Each array's elements are charged when the reader asks {@link #remaining()} — which the
 * generated code does once per array, right after reading its count and before allocating it — and each string,
 * byte array, buffer slice and UUID as it is read. Above {@code maxParsedBytes} the parse fails at once with
 * {@link ParsedSizeExceededException}: the connection is closed before the rest is allocated.
 */
public final class BoundedAccessor extends ByteBufferAccessor {
    /**
     * The most elements any array of a request may have: three times {@code max.partitions}' default. Also bounds
     * the CPU a frame can cost: kafka-clients' keyed collections probe linearly, so n elements with the same key
     * (a Produce of n topics named "") take n²/2 probes, about half a second at this cap instead of minutes.
     */
    public static final int MAX_ARRAY_ELEMENTS = 1 << 15;
    /** Heap of one array element: the generated data object, its slot in the collection, its linking fields. */
    static final int ELEMENT_BYTES = 48;
    /** Heap of a string or byte array read from the frame, beyond its bytes: the byte[] and String headers. */
    static final int ARRAY_OVERHEAD_BYTES = 56;
    /** Heap of a slice of the frame (records): the ByteBuffer and the MemoryRecords wrapping it. */
    static final int SLICE_BYTES = 96;
    static final int UUID_BYTES = 32;

    private final long maxParsedBytes;
    private long parsedBytes;
    /** The last int or unsigned varint read: the generated code reads an array's count just before remaining(). */
    private long lastCount;

    public BoundedAccessor(ByteBuffer buffer) {
        this(buffer, Long.MAX_VALUE);
    }

    public BoundedAccessor(ByteBuffer buffer, long maxParsedBytes) {
        super(buffer);
        this.maxParsedBytes = maxParsedBytes;
    }

    /** The estimated heap, in bytes, of what has been parsed through this accessor so far. */
    public long parsedBytes() {
        return parsedBytes;
    }

    @Override
    public int remaining() {
        int left = Math.min(super.remaining(), MAX_ARRAY_ELEMENTS);
        if (lastCount > 0 && lastCount <= left) {
            charge(lastCount * ELEMENT_BYTES);
        }
        lastCount = 0; // charged once, even when the reader asks again for its error message
        return left;
    }

    @Override
    public int readInt() {
        int value = super.readInt();
        lastCount = value;
        return value;
    }

    @Override
    public int readUnsignedVarint() {
        int value = super.readUnsignedVarint();
        lastCount = Integer.toUnsignedLong(value) - 1; // a compact array's count is stored plus one
        return value;
    }

    @Override
    public byte[] readArray(int size) {
        // the bytes, and a String's copy of them (a size beyond the frame fails in the read itself)
        charge(ARRAY_OVERHEAD_BYTES + 2L * Math.max(0, Math.min(size, super.remaining())));
        return super.readArray(size);
    }

    @Override
    public ByteBuffer readByteBuffer(int length) {
        charge(SLICE_BYTES);
        return super.readByteBuffer(length);
    }

    @Override
    public Uuid readUuid() {
        charge(UUID_BYTES);
        return super.readUuid();
    }

    private void charge(long bytes) {
        parsedBytes += bytes;
        if (parsedBytes > maxParsedBytes) {
            throw new ParsedSizeExceededException(parsedBytes, maxParsedBytes);
        }
    }
}
