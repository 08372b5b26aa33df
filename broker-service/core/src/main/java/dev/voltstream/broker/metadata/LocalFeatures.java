package dev.voltstream.broker.metadata;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A single node's finalized features, in the file {@code finalized-features} of its metadata directory (replaced
 * whole and durably; {@code version=0}, {@code epoch}, a key per feature), written with the initial levels when the
 * node is formed (epoch 0) and by every UpdateFeatures. The epoch counts the changes. A node formed by an earlier
 * release has no file until its first UpdateFeatures and keeps the level it ran at.
 */
public final class LocalFeatures implements FinalizedFeatures {
    private static final String EPOCH = "epoch";
    private static final String VERSION = "version";
    private static final String FORMAT = "0";
    private final Path file;
    private volatile Levels levels;

    private LocalFeatures(Path file, Levels levels) {
        this.file = file;
        this.levels = levels;
    }

    /**
     * The node's levels: for a new node ({@code newNode}: its metadata directory was just created) {@code initial},
     * written at once; for a node without the file (formed by an earlier release) {@code unrecorded}.
     */
    public static LocalFeatures load(Path metadataDir, boolean newNode, Map<String, Short> initial,
                                     Map<String, Short> unrecorded) {
        Path file = metadataDir.resolve("finalized-features");
        Properties props = DurableProperties.read(file, "the finalized features");
        if (props == null) {
            LocalFeatures features = new LocalFeatures(file, new Levels(newNode ? initial : unrecorded, 0));
            if (newNode) {
                write(file, features.levels, "Finalized feature levels (set when the node was formed)");
            }
            return features;
        }
        if (!FORMAT.equals(props.getProperty(VERSION))) {
            throw new IllegalStateException("Unknown format version " + props.getProperty(VERSION) + " of " + file
                    + " (this broker reads version " + FORMAT + ")");
        }
        Map<String, Short> finalized = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.equals(EPOCH) && !name.equals(VERSION)) {
                finalized.put(name, Short.parseShort(props.getProperty(name).trim()));
            }
        }
        return new LocalFeatures(file, new Levels(finalized, Long.parseLong(props.getProperty(EPOCH, "0").trim())));
    }

    @Override
    public Levels levels() {
        return levels;
    }

    @Override
    public synchronized void update(Map<String, Short> updates) {
        Levels next = new Levels(levels.with(updates), levels.epoch() + 1);
        write(file, next, "Finalized feature levels (UpdateFeatures)");
        levels = next;
    }

    private static void write(Path file, Levels levels, String comment) {
        Properties props = new Properties();
        props.setProperty(VERSION, FORMAT);
        props.setProperty(EPOCH, Long.toString(levels.epoch()));
        levels.finalized().forEach((feature, level) -> props.setProperty(feature, Short.toString(level)));
        DurableProperties.write(file, props, comment, "the finalized features");
    }
}
