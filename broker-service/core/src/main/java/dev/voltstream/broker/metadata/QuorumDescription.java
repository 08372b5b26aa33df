package dev.voltstream.broker.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata quorum as its leader sees it, for DescribeQuorum ({@code kafka-metadata-quorum.sh describe}): leader,
 * epoch (the Raft term), high watermark (the next offset after the committed index), and each voter's and observer's
 * log end offset and last contact. Offsets are Raft log indexes plus one, so they read like Kafka's offsets (the next
 * offset to be written). Travels between brokers in a small versioned encoding ({@link #encode()}).
 */
public record QuorumDescription(int leaderId, int leaderEpoch, long highWatermark, List<Replica> voters,
                                List<Replica> observers) {
    private static final byte VERSION = 1;

    /**
     * One member of the quorum: {@code lastFetchTimestamp} is when the leader last heard from it (-1 for the leader
     * itself, as Kafka), {@code lastCaughtUpTimestamp} when it last had everything committed (-1: not known).
     */
    public record Replica(int id, String host, int port, long logEndOffset, long lastFetchTimestamp,
                          long lastCaughtUpTimestamp) {
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(leaderId);
            out.writeInt(leaderEpoch);
            out.writeLong(highWatermark);
            write(out, voters);
            write(out, observers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static QuorumDescription decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("Unknown quorum description version " + version
                        + " (this broker reads version " + VERSION + ")");
            }
            return new QuorumDescription(in.readInt(), in.readInt(), in.readLong(), read(in), read(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("Malformed quorum description", e);
        }
    }

    private static void write(DataOutputStream out, List<Replica> replicas) throws IOException {
        out.writeInt(replicas.size());
        for (Replica r : replicas) {
            out.writeInt(r.id());
            out.writeUTF(r.host());
            out.writeInt(r.port());
            out.writeLong(r.logEndOffset());
            out.writeLong(r.lastFetchTimestamp());
            out.writeLong(r.lastCaughtUpTimestamp());
        }
    }

    private static List<Replica> read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("Implausible replica count " + n);
        }
        List<Replica> replicas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replicas.add(new Replica(in.readInt(), in.readUTF(), in.readInt(), in.readLong(), in.readLong(),
                    in.readLong()));
        }
        return replicas;
    }
}
