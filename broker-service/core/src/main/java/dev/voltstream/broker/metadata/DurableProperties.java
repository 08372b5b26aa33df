package dev.voltstream.broker.metadata;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A small properties file replaced whole and durably: written to a temporary file, forced to disk and moved over the
 * old one, so a crash leaves the old or the new content, never a mix, and an acknowledged change survives it.
 */
public final class DurableProperties {
    private DurableProperties() {
    }

    /** The file's properties, or null when it does not exist. */
    public static Properties read(Path file, String what) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what + " from " + file, e);
        }
        return props;
    }

    public static void write(Path file, Properties props, String comment, String what) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, comment);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist " + what + " to " + file, e);
        }
    }
}
