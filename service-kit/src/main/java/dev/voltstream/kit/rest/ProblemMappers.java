package dev.voltstream.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers every failed request with a problem detail, so clients always get the same error shape: a
 * {@link ProblemException} as it says, the framework's own errors (404 unknown path, 405, 415, a parameter that does
 * not convert) with their status, an unreadable JSON body with 400, and anything else with 500 — logged once with its
 * stack trace, while the answer says only that it was unexpected (no internals leak to the client).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        return respond(e.problem(instance(uri)));
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(),
                instance(uri)));
    }

    /** Wrong JSON types, unknown enum constants, malformed JSON in a request body. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        return respond(new ProblemException(400, "bad-request", "Bad Request",
                "unreadable JSON body: " + e.getOriginalMessage()).problem(instance(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "request failed unexpectedly: %s", uri.getRequestUri().getRawPath());
        return respond(new Problem(Problem.TYPE_BASE + "unexpected", "Internal Server Error", 500,
                "unexpected error; the service logged it", instance(uri)));
    }

    /** The response carrying {@code problem}. */
    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The request path as sent (still percent-encoded, so it is always a valid URI reference). */
    private static String instance(UriInfo uri) {
        return uri.getRequestUri().getRawPath();
    }
}
