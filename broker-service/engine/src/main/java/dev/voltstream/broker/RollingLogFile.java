package dev.voltstream.broker;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The broker's own log file, capped by size so that logs can never fill the disk: {@code file} grows to
 * {@code maxBytes}, then becomes {@code file.1} (the previous {@code file.1} becomes {@code file.2}, ...) and the
 * oldest beyond {@code backups} is deleted; at most {@code (backups + 1) × maxBytes} bytes in all. The broker logs
 * through slf4j-simple to {@code System.err}; {@link #installFromSystemProperties()} points {@code System.out} and
 * {@code System.err} here when {@code -Dvoltstream.log.file} is set (infra/bin/broker-start.sh sets it).
 */
public final class RollingLogFile extends OutputStream {
    private final Path file;
    private final long maxBytes;
    private final int backups;
    private FileOutputStream out;
    private long size;

    public RollingLogFile(Path file, long maxBytes, int backups) throws IOException {
        this.file = file;
        this.maxBytes = Math.max(1024, maxBytes);
        this.backups = Math.max(0, backups);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    /**
     * {@code voltstream.log.file} (unset: logs stay on stderr), {@code voltstream.log.max.bytes} (default 10 MiB),
     * {@code voltstream.log.backups} (default 5).
     */
    public static void installFromSystemProperties() throws IOException {
        String path = System.getProperty("voltstream.log.file");
        if (path == null || path.isBlank()) {
            return;
        }
        RollingLogFile log = new RollingLogFile(Path.of(path),
                Long.getLong("voltstream.log.max.bytes", 10L * 1024 * 1024),
                Integer.getInteger("voltstream.log.backups", 5));
        PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(stream);
        System.setErr(stream);
    }

    private void open() throws IOException {
        out = new FileOutputStream(file.toFile(), true);
        size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (size > 0 && size + length > maxBytes) {
            roll();
        }
        out.write(bytes, offset, length);
        size += length;
    }

    private void roll() throws IOException {
        out.close();
        if (backups == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(backup(backups));
            for (int i = backups - 1; i >= 1; i--) {
                if (Files.exists(backup(i))) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path backup(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
