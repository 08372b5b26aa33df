package dev.voltstream.broker.security.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The audit log file: {@value #FILE} names it (unset: no file, the decisions stay on the logger
 * {@code voltstream.authorizer} only). One JSON line per decision ({@link AuditEntry}), each written with one
 * {@code write} so that a line never straddles a rotation; the broker opens the file as a {@code RollingLogFile}
 * rotating at {@value #MAX_BYTES} (default 10 MiB) into {@value #BACKUPS} (default 10) numbered backups, like its
 * own log. Denials are always written;
 * grants only with {@value #GRANTS}{@code =true} (Kafka logs grants at DEBUG, denials at INFO: grants are one line per
 * request).
 */
public final class AuditLog implements AutoCloseable {
    public static final String FILE = "voltstream.audit.log.file";
    public static final String MAX_BYTES = "voltstream.audit.log.max.bytes";
    public static final String BACKUPS = "voltstream.audit.log.backups";
    public static final String GRANTS = "voltstream.audit.log.grants";
    /** No file: {@link #record} does nothing. */
    public static final AuditLog NONE = new AuditLog(null, null, false);
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final OutputStream file;
    private final Path path;
    private final boolean grants;
    private volatile boolean failed;

    /** Writes to {@code file} (an append-only stream whose every {@code write} call is atomic), named {@code path}. */
    public AuditLog(OutputStream file, Path path, boolean grants) {
        this.file = file;
        this.path = path;
        this.grants = grants;
    }

    /** Where {@code config} asks for the audit log to go, if anywhere. */
    public record Settings(Path path, long maxBytes, int backups, boolean grants) {
        public static Optional<Settings> from(BrokerConfig config) {
            String name = config.getString(FILE, "").trim();
            if (name.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Settings(Path.of(name), config.getLong(MAX_BYTES, 10L * 1024 * 1024),
                    config.getInt(BACKUPS, 10), config.getBoolean(GRANTS, false)));
        }
    }

    /** Whether a grant would be written: callers skip building entries nobody writes. */
    public boolean writesGrants() {
        return file != null && grants;
    }

    /** Whether a denial would be written. */
    public boolean writesDenials() {
        return file != null;
    }

    /** Writes {@code entry} (a grant only if grants are written). */
    public void record(AuditEntry entry) {
        if (file == null || entry.allowed() && !grants) {
            return;
        }
        byte[] line = (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            file.write(line, 0, line.length);
            if (failed) {
                failed = false;
                LOG.info("Writing the audit log {} again", path);
            }
        } catch (IOException e) {
            if (!failed) {
                failed = true; // one line, not one per request, while the disk is full
                LOG.error("Cannot write the audit log {}: {}", path, e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
