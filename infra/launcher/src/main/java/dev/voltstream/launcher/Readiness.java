package dev.voltstream.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Readiness checks over localhost: an HTTP GET answering 200 (a Quarkus service's {@code /q/health/ready}), a TCP
 * port accepting connections, and a generic poll until a condition holds, a process dies, or time runs out.
 */
public final class Readiness {
    private static final Duration POLL = Duration.ofMillis(250);
    private final HttpClient http;

    public Readiness() {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** True when GET {@code url} answers 200 within two seconds. */
    public boolean httpOk(String url) {
        return httpStatus(url) == 200;
    }

    /** The status of GET {@code url}, or -1 when nothing answers. */
    public int httpStatus(String url) {
        return get(url).statusCode();
    }

    /** The body of GET {@code url} when it answers 200, else null. */
    public String httpBody(String url) {
        Answer answer = get(url);
        return answer.statusCode() == 200 ? answer.body() : null;
    }

    private Answer get(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null);
        }
    }

    /** POST without a body; the status, or -1. */
    public int post(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** True when something accepts a TCP connection on localhost:{@code port}. */
    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls {@code ready} until it holds. Fails fast when {@code process} (may be null) exits, and after
     * {@code timeout}, with a message that names {@code what} and its log.
     */
    public static void await(String what, BooleanSupplier ready, ManagedProcess process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new LauncherException(what + " exited before it was ready" + logHint(process)
                        + (process.log() == null ? "" : "; its last lines:\n" + BuildStep.tail(process.log(), 15)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LauncherException(what + " was not ready within " + timeout.toSeconds() + " s"
                        + logHint(process));
            }
            try {
                Thread.sleep(POLL.toMillis()); // polling a child process: there is nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("interrupted while waiting for " + what);
            }
        }
    }

    private static String logHint(ManagedProcess process) {
        return process == null || process.log() == null ? "" : " (see " + process.log() + ")";
    }

    private record Answer(int statusCode, String body) {
    }
}
