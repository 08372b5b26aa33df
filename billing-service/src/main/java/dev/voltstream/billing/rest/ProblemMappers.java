package dev.voltstream.billing.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/** Maps exceptions to problem details, so clients always get the same error shape. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return Problem.of(Response.Status.NOT_FOUND, e.getMessage(), instance(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e, UriInfo uri) {
        return Problem.of(Response.Status.BAD_REQUEST, e.getMessage(), instance(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        return Problem.of(status, e.getMessage(), instance(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "request failed: path=%s", uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "unexpected error", instance(uri)).toResponse();
    }

    /** The request path as sent (still percent-encoded, so it is always a valid URI). */
    private static URI instance(UriInfo uri) {
        return URI.create(uri.getRequestUri().getRawPath());
    }
}
