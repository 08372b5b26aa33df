package dev.voltstream.notification.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refused requests, and the framework's own errors (unknown path, wrong method), into problem details. */
public class ProblemMappers {

    /** Our refusals. */
    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        return respond(e.problem());
    }

    /** 404 for unknown paths, 405, 415, and parameters that do not convert. */
    @ServerExceptionMapper
    public RestResponse<Problem> framework(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage()));
    }

    private static RestResponse<Problem> respond(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .entity(problem)
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
