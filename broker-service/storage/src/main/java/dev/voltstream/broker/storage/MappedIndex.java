package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped file of fixed-size entries sorted by key, preallocated to its maximum size while the segment is
 * active and trimmed to its entries when the segment rolls or closes.
 *
 * <p>Appends come from the single appending thread; readers search concurrently. The entry count is volatile and is
 * raised only after an entry's bytes are written, so a reader never sees a half-written entry. Mappings are left to
 * the garbage collector rather than unmapped by hand: a reader may still hold an old mapping, and touching an unmapped
 * buffer crashes the JVM.
 *
 * <p>The preallocated file is sparse. Storing into a page of a sparse mapping when the disk is full raises SIGBUS (an
 * {@code InternalError} at some later point of the thread, or a crash), so every page is first claimed with an
 * ordinary positional write, which fails with "No space left on device" instead; the entry is then skipped, which a
 * sparse index tolerates (lookups scan a little further).
 */
abstract class MappedIndex implements Closeable {
    private static final int PAGE = 4096;
    private final int entrySize;
    protected final long baseOffset;
    private volatile Path file;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private volatile int maxEntries;
    /** Bytes from the start of the file known to have disk blocks (written through the file, not the mapping). */
    private long reservedBytes;

    MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean existed = Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = existed ? raf.length() : roundDown(maxIndexSize);
            if (!existed) {
                raf.setLength(length);
            }
            int mapped = (int) Math.min(length, Integer.MAX_VALUE);
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, mapped);
            this.entries = existed ? mapped / entrySize : 0;
            this.maxEntries = mapped / entrySize;
            this.reservedBytes = sizeInBytes();
        }
    }

    final Path file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return maxEntries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    final long sizeInBytes() {
        return (long) entries * entrySize;
    }

    /** Whether the file length is a whole number of entries (a torn or foreign file is not). */
    final boolean hasWholeEntries() throws IOException {
        return Files.size(file) % entrySize == 0;
    }

    protected final MappedByteBuffer buffer() {
        return mmap;
    }

    protected final int slotPosition(int slot) {
        return slot * entrySize;
    }

    /**
     * Makes sure the page holding {@code slot} has disk blocks before the mapping is written there. Returns false
     * (skip the entry) when the disk cannot give them.
     */
    protected final synchronized boolean reserve(int slot) {
        long end = (long) (slot + 1) * entrySize;
        if (end <= reservedBytes) {
            return true;
        }
        long from = reservedBytes;
        long to = Math.min(((end + PAGE - 1) / PAGE) * PAGE, mmap.capacity());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) (to - from));
            long at = from;
            while (zeros.hasRemaining()) {
                at += channel.write(zeros, at);
            }
        } catch (IOException e) {
            return false;
        }
        reservedBytes = to;
        return true;
    }

    /** Called by subclasses after writing the entry's bytes at {@code slotPosition(entries())}. */
    protected final void publishEntry() {
        entries = entries + 1;
    }

    protected final int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit an index with base " + baseOffset);
        }
        return (int) relative;
    }

    /** Drops entries from {@code slot} on. */
    protected final void truncateToEntries(int slot) {
        entries = Math.min(entries, Math.max(0, slot));
    }

    /** Drops every entry (the index is rebuilt during recovery). */
    final synchronized void reset() throws IOException {
        entries = 0;
        reservedBytes = 0;
        resize(Math.max(roundDown(maxEntries * (long) entrySize), 0));
    }

    /** Changes the file (and mapping) length; entries beyond the new length are dropped. */
    final synchronized void resize(long newSize) throws IOException {
        long size = roundDown(newSize);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
            maxEntries = (int) (size / entrySize);
            entries = Math.min(entries, maxEntries);
            reservedBytes = Math.min(reservedBytes, size);
        }
    }

    /** Shrinks the file to exactly its entries (segment rolled or closed). */
    final void trimToValidSize() throws IOException {
        resize(sizeInBytes());
    }

    final void flush() {
        mmap.force();
    }

    final void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    final void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The slot of the largest entry whose key is {@code <= target}, or -1 when every key is larger. */
    protected final int largestLowerBound(long target) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt(mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The slot of the first entry whose offset is {@code >= offset} (entries() when none). */
    protected final int firstSlotWithOffsetAtLeast(long offset) {
        int n = entries;
        for (int lo = 0, hi = n - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (offsetAt(mid) < offset) {
                lo = mid + 1;
            } else {
                n = mid;
                hi = mid - 1;
            }
        }
        return n;
    }

    /** The search key of an entry: the offset for the offset index, the timestamp for the time index. */
    protected abstract long keyAt(int slot);

    /** The absolute offset an entry points at. */
    protected abstract long offsetAt(int slot);

    @Override
    public void close() throws IOException {
        trimToValidSize();
    }

    private long roundDown(long size) {
        return size - size % entrySize;
    }
}
