package dev.voltstream.fuzz;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * Sends mutated frames to a broker from several threads, each on its own connection (reconnecting whenever the
 * broker closes it, or a response does not come quickly), while a probe opens a fresh connection every
 * {@code probeIntervalMs} and times an ApiVersions round trip. Thread {@code t} draws its frames from
 * {@code new SplittableRandom(seed + t)}, so the same seed, thread count and broker version replay the same frames.
 * When a probe gets no answer, the last frames of every thread are saved under {@code failureDir} as hex files
 * ({@link FrameFiles}), ready to become regression cases.
 */
public final class Fuzzer {
    /** What to run. */
    public record Options(String host, int port, long seed, long frames, int threads, Path failureDir,
                          long probeIntervalMs, long slowProbeMs) {
    }

    /** What happened; {@code frames} counts the frames written to the broker. */
    public record Report(long seed, long frames, long responses, long closedByBroker, long probes,
                         long probeFailures, long slowProbes, long maxProbeMs, List<Path> saved, double seconds) {
        @Override
        public String toString() {
            return String.format("seed=%d frames=%d responses=%d closedByBroker=%d probes=%d probeFailures=%d "
                            + "slowProbes(>%s)=%d maxProbeMs=%d saved=%d seconds=%.1f frames/s=%.0f", seed, frames,
                    responses, closedByBroker, probes, probeFailures, "1s", slowProbes, maxProbeMs, saved.size(),
                    seconds, frames / Math.max(0.001, seconds));
        }
    }

    private static final int RECENT = 16;
    private static final int READ_TIMEOUT_MS = 100;

    private final Options options;
    private final Mutator mutator;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final List<ArrayDeque<byte[]>> recent = new ArrayList<>();
    private final List<Path> saved = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean done;

    public Fuzzer(Options options, List<SeedCorpus.Seed> seeds) {
        this.options = options;
        this.mutator = new Mutator(seeds);
        for (int t = 0; t < options.threads(); t++) {
            recent.add(new ArrayDeque<>());
        }
    }

    /** The API versions a broker advertises (the seeds are built for exactly these). */
    public static Map<ApiKeys, short[]> supportedVersions(String host, int port) throws IOException {
        try (Socket socket = connect(host, port, 10_000)) {
            ApiVersionsResponseData response = apiVersions(socket);
            Map<ApiKeys, short[]> versions = new EnumMap<>(ApiKeys.class);
            for (ApiVersionsResponseData.ApiVersion v : response.apiKeys()) {
                if (ApiKeys.hasId(v.apiKey())) {
                    versions.put(ApiKeys.forId(v.apiKey()), new short[] {v.minVersion(), v.maxVersion()});
                }
            }
            return versions;
        }
    }

    public Report run() throws InterruptedException {
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            int index = t;
            Thread thread = new Thread(() -> sendFrames(index), "fuzz-" + t);
            thread.start();
            threads.add(thread);
        }
        long probes = 0;
        long failures = 0;
        long slow = 0;
        long maxMs = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            long t0 = System.nanoTime();
            boolean ok;
            try (Socket socket = connect(options.host(), options.port(), 10_000)) {
                ok = apiVersions(socket).errorCode() == 0;
            } catch (IOException e) {
                ok = false;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            probes++;
            maxMs = Math.max(maxMs, ms);
            if (ms > options.slowProbeMs()) {
                slow++;
            }
            if (!ok) {
                failures++;
                saveRecentFrames("probe-" + probes);
            }
            Thread.sleep(options.probeIntervalMs());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        done = true;
        return new Report(options.seed(), delivered.get(), responses.get(), closed.get(), probes, failures, slow, maxMs,
                List.copyOf(saved), (System.nanoTime() - start) / 1e9);
    }

    private void sendFrames(int index) {
        SplittableRandom random = new SplittableRandom(options.seed() + index);
        Socket socket = null;
        try {
            while (sent.getAndIncrement() < options.frames()) {
                byte[] frame = mutator.next(random);
                try {
                    if (socket == null) {
                        socket = connectOrGiveUp();
                    }
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(frame.length);
                    out.write(frame);
                    out.flush();
                    remember(index, frame); // only what the broker received: a saved failure holds its cause
                    delivered.incrementAndGet();
                    if (readResponse(socket)) {
                        responses.incrementAndGet();
                    } else {
                        closed.incrementAndGet();
                        socket = close(socket);
                    }
                } catch (SocketTimeoutException e) {
                    socket = close(socket); // no answer yet (acks=0, a waiting JoinGroup): start afresh
                } catch (IOException e) {
                    closed.incrementAndGet();
                    socket = close(socket);
                }
            }
        } finally {
            close(socket);
        }
    }

    /**
     * A new connection; if the broker refuses connections for 30 s it is down, and the run stops (the probe has
     * saved the frames it received last).
     */
    private Socket connectOrGiveUp() throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                Socket socket = connect(options.host(), options.port(), 5_000);
                socket.setSoTimeout(READ_TIMEOUT_MS);
                return socket;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    sent.set(Long.MAX_VALUE / 2); // every thread stops
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** True for a response, false when the broker closed the connection. */
    private static boolean readResponse(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int first = in.read();
        if (first < 0) {
            return false;
        }
        int size = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (size < 0 || size > 64 << 20) {
            throw new IOException("Response of " + size + " bytes");
        }
        in.readFully(new byte[size]);
        return true;
    }

    private void remember(int index, byte[] frame) {
        ArrayDeque<byte[]> frames = recent.get(index);
        synchronized (frames) {
            frames.addLast(frame);
            if (frames.size() > RECENT) {
                frames.removeFirst();
            }
        }
    }

    private void saveRecentFrames(String label) {
        if (options.failureDir() == null || done) {
            return;
        }
        for (int t = 0; t < recent.size(); t++) {
            ArrayDeque<byte[]> frames = recent.get(t);
            List<byte[]> copy;
            synchronized (frames) {
                copy = new ArrayList<>(frames);
            }
            Path file = options.failureDir().resolve("seed-" + options.seed() + "-" + label + "-thread-" + t
                    + ".hex");
            try {
                Files.createDirectories(options.failureDir());
                FrameFiles.write(file, copy);
                saved.add(file);
            } catch (IOException e) {
                System.err.println("Cannot save " + file + ": " + e);
            }
        }
    }

    private static Socket close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        return null;
    }

    static Socket connect(String host, int port, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code frames} in order (reconnecting when the broker closes the connection, not waiting long for
     * answers), then returns whether a fresh connection still gets an ApiVersions answer.
     */
    public static boolean replay(String host, int port, List<byte[]> frames) {
        Socket socket = null;
        try {
            for (byte[] frame : frames) {
                try {
                    if (socket == null) {
                        socket = connect(host, port, 5_000);
                        socket.setSoTimeout(READ_TIMEOUT_MS);
                    }
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(frame.length);
                    out.write(frame);
                    out.flush();
                    if (!readResponse(socket)) {
                        socket = close(socket);
                    }
                } catch (IOException e) {
                    socket = close(socket);
                }
            }
        } finally {
            close(socket);
        }
        try (Socket probe = connect(host, port, 10_000)) {
            return apiVersions(probe).errorCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One ApiVersions v3 round trip on {@code socket}. */
    static ApiVersionsResponseData apiVersions(Socket socket) throws IOException {
        byte[] frame = SeedCorpus.frame(ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                .setClientSoftwareName("fuzz-probe").setClientSoftwareVersion("1"));
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        new ResponseHeaderData(new ByteBufferAccessor(buffer), (short) 0);
        return new ApiVersionsResponseData(new ByteBufferAccessor(buffer), (short) 3);
    }
}
