package dev.voltstream.billing.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.net.URI;

/** An error as RFC 9457 problem details ({@code application/problem+json}). */
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(URI type, String title, int status, String detail, URI instance) {
    /** Media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A response carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }

    /** A problem whose type is the generic "about:blank" (the title is the HTTP reason phrase). */
    public static Problem of(Response.Status status, String detail, URI instance) {
        return new Problem(URI.create("about:blank"), status.getReasonPhrase(), status.getStatusCode(), detail, instance);
    }
}
