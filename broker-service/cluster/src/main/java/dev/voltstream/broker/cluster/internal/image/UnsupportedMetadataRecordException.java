package dev.voltstream.broker.cluster.internal.image;

/**
 * A metadata log record this broker cannot read: a record type or version from a newer release, or bytes that are not
 * a metadata record. Applying the log past it would leave this broker's image silently different from the others',
 * so the reader stops instead.
 */
public final class UnsupportedMetadataRecordException extends RuntimeException {
    public UnsupportedMetadataRecordException(String message) {
        super(message);
    }

    public UnsupportedMetadataRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
