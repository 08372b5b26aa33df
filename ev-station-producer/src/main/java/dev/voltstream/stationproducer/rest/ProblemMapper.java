package dev.voltstream.stationproducer.rest;

import dev.voltstream.kit.rest.Problem;
import dev.voltstream.kit.rest.ProblemMappers;
import dev.voltstream.stationproducer.service.UnknownResourceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * This service's own failures as problem details: unknown things 404, bad input 400, the broker refusing an event 503.
 * Everything else (unreadable bodies, the framework's errors, unexpected exceptions as 500) is the kit's
 * {@link ProblemMappers}.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response unknown(UnknownResourceException e, UriInfo uri) {
        return problem(404, "unknown-" + e.kind(), "Unknown " + e.kind(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e, UriInfo uri) {
        return problem(400, "bad-request", "Bad request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response notPublished(EventNotPublishedException e, UriInfo uri) {
        return problem(503, "not-published", "Event not published", e.getMessage(), uri);
    }

    private static Response problem(int status, String slug, String title, String detail, UriInfo uri) {
        return ProblemMappers.respond(new Problem(Problem.TYPE_BASE + slug, title, status, detail,
                uri.getRequestUri().getRawPath()));
    }
}
