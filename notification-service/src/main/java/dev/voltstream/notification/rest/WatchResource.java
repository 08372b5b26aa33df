package dev.voltstream.notification.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.notification.service.WatchService;
import dev.voltstream.notification.service.WatchView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Which stations an account watches ("tell me when it is free"). */
@Path("/api/accounts/{accountId}/watches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "watches")
public class WatchResource {
    private final WatchService watches;

    WatchResource(WatchService watches) {
        this.watches = watches;
    }

    /** The account's watches. */
    @GET
    @Operation(summary = "List the stations an account watches")
    public List<WatchView> list(@RestPath String accountId) {
        return watches.watches(RequestChecks.id(accountId, "accountId"));
    }

    /** Watch a station; 201 when new, 200 when the account already watched it. */
    @PUT
    @Path("/{stationId}")
    @Operation(summary = "Watch a station: notify the account whenever it becomes available")
    @APIResponse(responseCode = "201", description = "Now watching")
    @APIResponse(responseCode = "200", description = "Was already watching")
    public RestResponse<WatchView> watch(@RestPath String accountId, @RestPath String stationId) {
        WatchService.Watched watched = watches.watch(RequestChecks.id(accountId, "accountId"),
                RequestChecks.id(stationId, "stationId"));
        return watched.created()
                ? RestResponse.status(RestResponse.Status.CREATED, watched.watch())
                : RestResponse.ok(watched.watch());
    }

    /** Stop watching a station. */
    @DELETE
    @Path("/{stationId}")
    @Operation(summary = "Stop watching a station")
    @APIResponse(responseCode = "204", description = "No longer watching")
    @APIResponse(responseCode = "404", description = "The account did not watch the station")
    public RestResponse<Void> unwatch(@RestPath String accountId, @RestPath String stationId) {
        if (!watches.unwatch(RequestChecks.id(accountId, "accountId"), RequestChecks.id(stationId, "stationId"))) {
            throw ProblemException.notFound(accountId + " does not watch " + stationId);
        }
        return RestResponse.noContent();
    }
}
