package dev.voltstream.kit.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A test resource that fails the ways a service's resources do. */
@Path("/kit-test")
public class FailingResource {
    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("secret internal state 42");
    }

    @GET
    @Path("/things/{id}")
    public String thing(@PathParam("id") String id) {
        throw ProblemException.notFound("no thing " + id);
    }

    @GET
    @Path("/count/{n}")
    public String count(@PathParam("n") int n) {
        return "n=" + n;
    }
}
