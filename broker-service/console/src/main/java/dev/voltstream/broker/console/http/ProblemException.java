package dev.voltstream.broker.console.http;

import java.util.List;

/** Thrown by a route to answer with a problem detail instead of its normal reply. */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }
}
