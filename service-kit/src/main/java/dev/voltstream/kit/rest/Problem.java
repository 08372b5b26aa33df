package dev.voltstream.kit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem ({@code https://voltstream.dev/problems/<slug>}, or
 *                 {@code about:blank} when the HTTP status says it all)
 * @param title    short summary of the kind
 * @param status   the HTTP status
 * @param detail   what went wrong in this request
 * @param instance the request path
 */
@Schema(name = "Problem", description = "RFC 9457 problem detail")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    /** Media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of the problem types this system defines. */
    public static final String TYPE_BASE = "https://voltstream.dev/problems/";
}
