package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionException;

/** The failure a quorum admin operation completed with, unwrapped from the future's wrapper. */
final class QuorumErrors {
    private QuorumErrors() {
    }

    static Throwable cause(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
