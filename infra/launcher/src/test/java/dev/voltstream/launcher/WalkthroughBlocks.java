package dev.voltstream.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of README.md's walkthrough, as a test runs them: every {@code ```bash} block between the
 * walkthrough's heading and the next {@code ## } heading, except those right after a
 * {@code <!-- not run by DemoIT: reason -->} comment, with the demo's ports shifted by a port offset.
 */
final class WalkthroughBlocks {
    static final String HEADING = "## Walkthrough";
    private static final String SKIP = "<!-- not run by DemoIT";
    private static final Pattern PORT = Pattern.compile("localhost:(9092|5432|8080|8081|8082|8083|8084)\\b");

    private WalkthroughBlocks() {
    }

    /** One block: its heading (the step it belongs to) and its text. */
    record Block(String step, String script) {
        String firstLine() {
            return script.lines().findFirst().orElse("");
        }
    }

    static List<Block> read(Path readme) throws IOException {
        return parse(Files.readString(readme));
    }

    static List<Block> parse(String markdown) {
        return parse(markdown, false);
    }

    /**
     * The shell blocks of the walkthrough step whose heading starts with {@code step} (e.g. {@code "12."}), also those
     * DemoIT does not run (another test runs that step against a demo of its own).
     */
    static List<Block> ofStep(Path readme, String step) throws IOException {
        return parse(Files.readString(readme), true).stream().filter(b -> b.step().startsWith(step)).toList();
    }

    private static List<Block> parse(String markdown, boolean withSkipped) {
        int start = markdown.indexOf("\n" + HEADING);
        if (start < 0) {
            throw new IllegalArgumentException("no '" + HEADING + "' section");
        }
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<Block> blocks = new ArrayList<>();
        String step = "";
        boolean skipNext = false;
        boolean inBlock = false;
        boolean runBlock = false;
        StringBuilder script = new StringBuilder();
        for (String line : section.split("\n")) {
            if (!inBlock && line.startsWith("### ")) {
                step = line.substring(4).trim();
            } else if (!inBlock && line.startsWith(SKIP)) {
                skipNext = true;
            } else if (!inBlock && line.startsWith("```")) {
                inBlock = true;
                runBlock = line.equals("```bash") && (withSkipped || !skipNext);
                skipNext = false;
                script.setLength(0);
            } else if (inBlock && line.equals("```")) {
                inBlock = false;
                if (runBlock) {
                    blocks.add(new Block(step, script.toString()));
                }
            } else if (inBlock) {
                script.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The script with every {@code localhost:<demo port>} moved by {@code offset}. */
    static String shiftPorts(String script, int offset) {
        Matcher m = PORT.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "localhost:" + (Integer.parseInt(m.group(1)) + offset));
        }
        m.appendTail(out);
        return out.toString();
    }
}
