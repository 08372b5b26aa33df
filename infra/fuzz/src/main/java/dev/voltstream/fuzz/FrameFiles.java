package dev.voltstream.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Frames on disk, one hex-encoded frame body per line ({@code #} starts a comment): what a failing run saves and what
 * the regression test replays. Text, so a saved case is readable in a diff.
 */
public final class FrameFiles {
    private FrameFiles() {
    }

    public static void write(Path file, List<byte[]> frames) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# frames sent in this order; replay: infra/bin/fuzz.sh --replay " + file.getFileName());
        for (byte[] frame : frames) {
            lines.add(HexFormat.of().formatHex(frame));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static List<byte[]> read(Path file) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                frames.add(HexFormat.of().parseHex(trimmed));
            }
        }
        return frames;
    }
}
