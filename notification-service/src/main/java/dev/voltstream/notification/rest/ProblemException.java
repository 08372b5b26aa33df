package dev.voltstream.notification.rest;

/** A request the API refuses, with the problem detail to answer. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    private ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    /** 404: the named thing does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(new Problem("https://voltstream.dev/problems/not-found", "Not Found", 404, detail));
    }

    /** 400: the request is malformed. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(
                new Problem("https://voltstream.dev/problems/bad-request", "Bad Request", 400, detail));
    }

    /** The problem detail to answer. */
    public Problem problem() {
        return problem;
    }
}
