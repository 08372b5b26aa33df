package dev.voltstream.load;

import java.util.List;

/**
 * When an offered rate counts as sustained, and when the ramp stops. A rate is sustained when the pipeline stored
 * notifications at ≥ 95 % of it during the send window, the backlog (sent, not yet notified) did not grow by more
 * than 5 % of the rate per second over the window's second half, and every transaction was notified by the end of
 * the drain wait. The ramp stops at the first rate that is not sustained: a higher one would only queue more.
 */
public final class RampPolicy {
    static final double MIN_ACHIEVED = 0.95;
    static final double MAX_BACKLOG_GROWTH = 0.05;

    private RampPolicy() {
    }

    public static boolean sustained(PipelineStep step) {
        return step.sent() > 0 && step.achieved() >= MIN_ACHIEVED * step.offered()
                && step.backlogGrowth() <= MAX_BACKLOG_GROWTH * step.offered() && step.missing() == 0;
    }

    /** Why a step is not sustained, or "" when it is. */
    public static String reason(PipelineStep step) {
        if (step.sent() == 0) {
            return "nothing sent";
        }
        StringBuilder why = new StringBuilder();
        if (step.achieved() < MIN_ACHIEVED * step.offered()) {
            why.append(String.format(java.util.Locale.ROOT, "achieved %.0f%% of offered",
                    100 * step.achieved() / step.offered()));
        }
        if (step.backlogGrowth() > MAX_BACKLOG_GROWTH * step.offered()) {
            why.append(why.isEmpty() ? "" : "; ").append(String.format(java.util.Locale.ROOT,
                    "backlog grows %.0f tx/s", step.backlogGrowth()));
        }
        if (step.missing() > 0) {
            why.append(why.isEmpty() ? "" : "; ").append(step.missing()).append(" not notified after the drain wait");
        }
        return why.toString();
    }

    /** Whether to offer the next rate after this step. */
    public static boolean continueAfter(PipelineStep step) {
        return sustained(step);
    }

    /** The highest offered rate that was sustained, 0 when none was. */
    public static double highestSustained(List<PipelineStep> steps) {
        return steps.stream().filter(RampPolicy::sustained).mapToDouble(PipelineStep::offered).max().orElse(0);
    }
}
