package dev.voltstream.stationproducer.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}). */
@Schema(name = "Problem", description = "RFC 9457 problem detail")
public record Problem(String type, String title, int status, String detail) {
    /** Media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
