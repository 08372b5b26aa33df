package dev.voltstream.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only its owner may read (mode 600), for what holds passwords. */
final class PrivateFile {
    private PrivateFile() {
    }

    /** Opens {@code file} for writing from the start, creating it (and its folder) readable by its owner only. */
    static Writer open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newBufferedWriter(file);
    }
}
