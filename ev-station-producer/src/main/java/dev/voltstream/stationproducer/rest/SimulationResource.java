package dev.voltstream.stationproducer.rest;

import dev.voltstream.kit.rest.Problem;
import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.stationproducer.service.SimulationStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Start, stop, scale and watch the simulation. */
@Path("/api/simulation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "simulation", description = "the simulated fleet's ordinary traffic")
public class SimulationResource {
    /** Upper bound of the rate: far above what one producer on this hardware sends. */
    static final double MAX_RATE = 100_000;

    @Inject
    Simulation simulation;

    @GET
    @Operation(summary = "Status: running or not, rate, events acknowledged per type")
    public SimulationStatus status() {
        return simulation.status();
    }

    @POST
    @Path("/start")
    @Operation(summary = "Start emitting ordinary traffic (no-op when running)")
    public SimulationStatus start() {
        return simulation.start();
    }

    @POST
    @Path("/stop")
    @Operation(summary = "Stop emitting ordinary traffic (no-op when stopped)")
    public SimulationStatus stop() {
        return simulation.stop();
    }

    @PUT
    @Path("/rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scale: set the rate in events per second (all types together)")
    @APIResponse(responseCode = "200", description = "the new status")
    @APIResponse(responseCode = "400", description = "rate missing, not positive or above 100000",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SimulationStatus scale(RateRequest request) {
        Double rate = request == null ? null : request.eventsPerSecond();
        if (rate == null || !(rate > 0) || rate > MAX_RATE) {
            throw new IllegalArgumentException("eventsPerSecond must be above 0 and at most " + (long) MAX_RATE
                    + ", was " + rate);
        }
        return simulation.scale(rate);
    }
}
