package dev.voltstream.broker.metadata;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

/**
 * The cluster id and node id recorded in every log dir's {@code meta.properties} (as Kafka does), with the dir's own
 * {@code directory.id} (KIP-858; added to a dir written before it had one). Created on first start; a log dir that
 * belongs to another node or cluster is refused rather than silently mixed.
 */
public record ClusterIdentity(String clusterId, int nodeId) {
    private static final String FILE = "meta.properties";

    public static ClusterIdentity loadOrCreate(List<Path> logDirs, int nodeId, String configuredClusterId)
            throws IOException {
        String clusterId = configuredClusterId;
        for (Path dir : logDirs) {
            Path file = dir.resolve(FILE);
            if (Files.exists(file)) {
                Properties props = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(in);
                }
                // version=1 is the only layout so far (Kafka's KRaft meta.properties; 0.1.0 wrote it too).
                FormatVersion.check(props, 1, file);
                String foundCluster = props.getProperty("cluster.id");
                int foundNode = Integer.parseInt(props.getProperty("node.id", "-1"));
                if (foundNode != nodeId) {
                    throw new IllegalStateException("Log dir " + dir + " belongs to node.id " + foundNode
                            + ", but this broker is node.id " + nodeId);
                }
                if (clusterId != null && !clusterId.equals(foundCluster)) {
                    throw new IllegalStateException("Log dir " + dir + " belongs to cluster " + foundCluster
                            + ", not " + clusterId);
                }
                clusterId = foundCluster;
                if (props.getProperty("directory.id") == null) {
                    // Kafka 3.7+ names every log dir (KIP-858); kafka-metadata-quorum.sh add-controller reads it.
                    props.setProperty("directory.id", Uuid.randomUuid().toString());
                    store(file, props);
                }
            }
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        for (Path dir : logDirs) {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            if (!Files.exists(file)) {
                Properties props = new Properties();
                props.setProperty("version", "1");
                props.setProperty("cluster.id", clusterId);
                props.setProperty("node.id", Integer.toString(nodeId));
                props.setProperty("directory.id", Uuid.randomUuid().toString());
                store(file, props);
            }
        }
        return new ClusterIdentity(clusterId, nodeId);
    }

    private static void store(Path file, Properties props) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "Voltstream log dir identity");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
