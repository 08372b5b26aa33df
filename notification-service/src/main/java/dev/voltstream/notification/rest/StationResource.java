package dev.voltstream.notification.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.StationQueries;
import dev.voltstream.notification.service.StationView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Stations' current status as last seen on station-status, and its live changes. */
@Path("/api/stations")
@Tag(name = "stations")
public class StationResource {
    private final StationQueries stations;
    private final LiveFeed liveFeed;

    StationResource(StationQueries stations, LiveFeed liveFeed) {
        this.stations = stations;
        this.liveFeed = liveFeed;
    }

    /** Every known station, or those in one status. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List stations' current status (AVAILABLE, OCCUPIED, OUT_OF_SERVICE)")
    @APIResponse(responseCode = "400", description = "Unknown status")
    public List<StationView> list(@RestQuery String status) {
        return stations.all(RequestChecks.optionalStatus(status));
    }

    /** One station's current status. */
    @GET
    @Path("/{stationId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get one station's current status")
    @APIResponse(responseCode = "404", description = "Station never seen on station-status")
    public StationView get(@RestPath String stationId) {
        String id = RequestChecks.id(stationId, "stationId");
        return stations.find(id).orElseThrow(() -> ProblemException.notFound("no status known for station " + id));
    }

    /** Server-sent events: each station status change as JSON, from now on. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live station status changes as server-sent events")
    public Multi<StationView> stream() {
        return liveFeed.stations();
    }
}
