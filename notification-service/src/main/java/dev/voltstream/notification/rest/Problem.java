package dev.voltstream.notification.rest;

/** An RFC 9457 problem detail, the body of every error response. */
public record Problem(String type, String title, int status, String detail) {
    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
