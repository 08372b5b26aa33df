package dev.voltstream.stationproducer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.voltstream.stationproducer.service.UnknownResourceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into problem details: unknown things 404, bad input 400, the broker refusing an event 503. */
public class ProblemMapper {
    private static final String BASE = "https://voltstream.dev/problems/";

    @ServerExceptionMapper
    public Response unknown(UnknownResourceException e) {
        return problem(404, "unknown-" + e.kind(), "Unknown " + e.kind(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return problem(400, "bad-request", "Bad request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return problem(400, "bad-request", "Bad request", "unreadable JSON body: " + e.getOriginalMessage());
    }

    /** Wrong JSON types and unknown enum constants; more specific than Quarkus's own mapper, which answers JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return problem(400, "bad-request", "Bad request", "unreadable JSON body: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, "http-" + status, title, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notPublished(EventNotPublishedException e) {
        return problem(503, "not-published", "Event not published", e.getMessage());
    }

    static Response problem(int status, String slug, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(BASE + slug, title, status, detail)).build();
    }
}
