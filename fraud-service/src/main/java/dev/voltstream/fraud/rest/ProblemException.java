package dev.voltstream.fraud.rest;

/** Thrown by resources to answer with a problem detail. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public Problem problem() {
        return new Problem("https://voltstream.dev/problems/" + title.toLowerCase().replace(' ', '-'), title, status,
                getMessage());
    }
}
