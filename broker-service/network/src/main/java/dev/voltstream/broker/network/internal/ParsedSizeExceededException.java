package dev.voltstream.broker.network.internal;

/**
 * A well-formed request whose parsed form would take more heap than {@code request.max.parsed.bytes} allows (many
 * tiny elements): the parse stops there and the connection is closed, as for a request that cannot be parsed.
 */
public final class ParsedSizeExceededException extends RuntimeException {
    public ParsedSizeExceededException(long parsedBytes, long maxParsedBytes) {
        super("the parsed request would take more than " + parsedBytes + " bytes of heap (request.max.parsed.bytes="
                + maxParsedBytes + ")", null, false, false);
    }
}
