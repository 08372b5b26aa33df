package dev.voltstream.broker.metadata;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A single node's finalized features, in the file {@code finalized-features} of its metadata directory (replaced
 * whole and durably; {@code version=0}, {@code epoch}, a key per feature); the initial levels until the first
 * UpdateFeatures. The epoch counts the changes.
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

    public static LocalFeatures load(Path metadataDir, Map<String, Short> initial) {
        Path file = metadataDir.resolve("finalized-features");
        Properties props = DurableProperties.read(file, "the finalized features");
        if (props == null) {
            return new LocalFeatures(file, new Levels(initial, 0));
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
        Properties props = new Properties();
        props.setProperty(VERSION, FORMAT);
        props.setProperty(EPOCH, Long.toString(next.epoch()));
        next.finalized().forEach((feature, level) -> props.setProperty(feature, Short.toString(level)));
        DurableProperties.write(file, props, "Finalized feature levels (UpdateFeatures)", "the finalized features");
        levels = next;
    }
}
