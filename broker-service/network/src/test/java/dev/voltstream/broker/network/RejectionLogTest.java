package dev.voltstream.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RejectionLogTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Throwable> traces = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final RejectionLog log = new RejectionLog((line, error) -> {
        lines.add(line);
        if (error != null) {
            traces.add(error);
        }
    }, clock::get);

    @Test
    void aFloodOfRejectionsCostsAFewLinesAndOneSummaryPerWindow() {
        for (int i = 0; i < 10_000; i++) {
            log.reject(i % 2 == 0 ? "malformed request" : "frame too large", "Closing connection " + i);
        }
        assertThat(lines).hasSize(RejectionLog.LINES_PER_WINDOW);
        clock.addAndGet(RejectionLog.WINDOW_NANOS);
        log.reject("idle connection", "Closing connection idle");
        assertThat(lines).hasSize(RejectionLog.LINES_PER_WINDOW + 2);
        assertThat(lines.get(RejectionLog.LINES_PER_WINDOW)).isEqualTo("Suppressed "
                + (10_000 - RejectionLog.LINES_PER_WINDOW) + " similar lines in the last 10 s: "
                + "{frame too large=4990, malformed request=4990}");
        assertThat(lines.get(RejectionLog.LINES_PER_WINDOW + 1)).isEqualTo("Closing connection idle");
    }

    @Test
    void aClientErrorHasNoStackTraceAndABrokerFailureHasOne() {
        log.reject("malformed request", "Closing connection: bad");
        log.failure("cannot answer", "Closing connection: bug", new IllegalStateException("bug"));
        assertThat(lines).hasSize(2);
        assertThat(traces).singleElement().isInstanceOf(IllegalStateException.class);
    }
}
