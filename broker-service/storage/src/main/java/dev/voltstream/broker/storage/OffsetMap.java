package dev.voltstream.broker.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The cleaner's dedupe buffer, as Kafka's SkimpyOffsetMap: a fixed-size open-addressing table from the MD5 of a key
 * to the last offset seen for it. Memory never grows past what it was given ({@code log.cleaner.dedupe.buffer.size}
 * per thread); two keys with the same MD5 would be taken for one, a chance Kafka accepts too.
 */
final class OffsetMap {
    private static final int HASH_SIZE = 16;
    private static final int ENTRY_SIZE = HASH_SIZE + 8;

    private final ByteBuffer bytes;
    private final MessageDigest digest;
    private final int slots;
    private final byte[] hash1 = new byte[HASH_SIZE];
    private final byte[] hash2 = new byte[HASH_SIZE];
    private int entries;
    private long latestOffset = -1L;

    OffsetMap(int memory) {
        this.bytes = ByteBuffer.allocate(memory);
        try {
            this.digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.slots = memory / ENTRY_SIZE;
        if (slots < 2) {
            throw new IllegalArgumentException("A dedupe buffer of " + memory + " bytes holds no key");
        }
    }

    int slots() {
        return slots;
    }

    int size() {
        return entries;
    }

    /** The share of the slots in use. */
    double utilization() {
        return (double) entries / slots;
    }

    /** The last offset of {@code key}, or -1 when it is not in the map. */
    long get(ByteBuffer key) {
        hashInto(key, hash1);
        for (int attempt = 0; attempt < slots + HASH_SIZE - 4; attempt++) {
            int pos = positionOf(hash1, attempt);
            if (isEmpty(pos)) {
                return -1L;
            }
            bytes.position(pos);
            bytes.get(hash2);
            if (Arrays.equals(hash1, hash2)) {
                return bytes.getLong();
            }
        }
        return -1L;
    }

    void put(ByteBuffer key, long offset) {
        if (entries >= slots) {
            throw new IllegalStateException("the offset map is full (" + slots + " slots)");
        }
        hashInto(key, hash1);
        int attempt = 0;
        int pos = positionOf(hash1, attempt);
        while (!isEmpty(pos)) {
            bytes.position(pos);
            bytes.get(hash2);
            if (Arrays.equals(hash1, hash2)) {
                bytes.putLong(offset);
                latestOffset = offset;
                return;
            }
            pos = positionOf(hash1, ++attempt);
        }
        bytes.position(pos);
        bytes.put(hash1);
        bytes.putLong(offset);
        latestOffset = offset;
        entries++;
    }

    /** The last offset the map covers: records after it are not deduplicated in this pass. */
    long latestOffset() {
        return latestOffset;
    }

    void updateLatestOffset(long offset) {
        latestOffset = offset;
    }

    void clear() {
        entries = 0;
        latestOffset = -1L;
        Arrays.fill(bytes.array(), (byte) 0);
    }

    private boolean isEmpty(int position) {
        return bytes.getLong(position) == 0 && bytes.getLong(position + 8) == 0 && bytes.getLong(position + 16) == 0;
    }

    private int positionOf(byte[] hash, int attempt) {
        int at = Math.min(attempt, HASH_SIZE - 4);
        int probe = ((hash[at] & 0xff) << 24 | (hash[at + 1] & 0xff) << 16 | (hash[at + 2] & 0xff) << 8
                | (hash[at + 3] & 0xff)) + Math.max(0, attempt - HASH_SIZE + 4);
        return ((probe & 0x7fffffff) % slots) * ENTRY_SIZE;
    }

    private void hashInto(ByteBuffer key, byte[] into) {
        key.mark();
        digest.update(key);
        key.reset();
        try {
            digest.digest(into, 0, HASH_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
