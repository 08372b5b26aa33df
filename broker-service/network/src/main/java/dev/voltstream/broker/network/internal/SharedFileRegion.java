package dev.voltstream.broker.network.internal;

import java.nio.channels.FileChannel;

import io.netty.channel.DefaultFileRegion;

/**
 * A file region over a segment's channel that the log still owns: releasing the region must not close the channel.
 * Subclassing {@link DefaultFileRegion} keeps the native transports' sendfile path.
 */
final class SharedFileRegion extends DefaultFileRegion {
    SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The segment owns the channel and closes it when the segment is deleted.
    }
}
