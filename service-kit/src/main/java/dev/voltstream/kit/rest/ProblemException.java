package dev.voltstream.kit.rest;

/** Thrown by resources (and the services they call) to answer with a problem detail. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;

    /**
     * @param status the HTTP status
     * @param slug   the problem type's last path segment ({@code not-found} → {@code https://voltstream.dev/problems/not-found})
     * @param title  short summary of the kind of problem
     * @param detail what went wrong in this request
     */
    public ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** 404: the named thing does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not Found", detail);
    }

    /** 400: the request is malformed. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad Request", detail);
    }

    /** 409: the request conflicts with the current state. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public int status() {
        return status;
    }

    /** The problem detail, for the request at {@code instance}. */
    public Problem problem(String instance) {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance);
    }
}
