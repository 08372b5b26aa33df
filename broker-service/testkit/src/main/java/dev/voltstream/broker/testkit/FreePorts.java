package dev.voltstream.broker.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free on 127.0.0.1 right now, for a server a test starts seconds later (another JVM, or a broker that must keep
 * its port across restarts). They are chosen <em>below</em> the kernel's ephemeral range: a port from that range can
 * be taken meanwhile by any outgoing connection or port-0 listener — seen in CI as a broker process that never bound
 * its listener while the other two brokers' Raft clients were dialling it — and below the range only another process
 * choosing the same way can take it.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {
    }

    /** One free port. */
    public static int next() {
        return next(1)[0];
    }

    /** {@code n} distinct free ports. */
    public static int[] next(int n) {
        int below = ephemeralRangeStart();
        Set<Integer> chosen = new HashSet<>();
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = pick(below, chosen);
            chosen.add(ports[i]);
        }
        return ports;
    }

    private static int pick(int below, Set<Integer> chosen) {
        for (int attempt = 0; attempt < 500 && below > LOWEST + 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!chosen.contains(port) && free(port)) {
                return port;
            }
        }
        int port;
        do {
            port = bind(0); // no room below the range: fall back to the kernel's choice
        } while (chosen.contains(port));
        return port;
    }

    static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString/readAllBytes: those trust the size procfs reports and return "3"
            return Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }

    private static boolean free(int port) {
        try {
            bind(port);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int bind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
