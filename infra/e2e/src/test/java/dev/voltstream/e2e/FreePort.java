package dev.voltstream.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port free on 127.0.0.1 right now, chosen below the kernel's ephemeral range: a service started seconds later binds
 * it, and a port from the ephemeral range can be taken meanwhile by any outgoing connection or port-0 listener (seen
 * once: "Port 38191 seems to be in use" while brokers of another build ran beside the e2e test). Below the range only
 * another process choosing the same way can take it.
 */
final class FreePort {
    private static final int LOWEST = 10_000;

    private FreePort() {
    }

    static int next() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && below > LOWEST + 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (free(port)) {
                return port;
            }
        }
        return bind(0);
    }

    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
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
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
