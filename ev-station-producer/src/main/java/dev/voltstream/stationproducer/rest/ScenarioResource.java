package dev.voltstream.stationproducer.rest;

import dev.voltstream.kit.rest.Problem;
import dev.voltstream.stationproducer.service.FraudScenario;
import dev.voltstream.stationproducer.service.OnDemandEvents;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Fraud scenarios on demand, one per fraud-service rule. */
@Path("/api/scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scenarios", description = "fraud scenarios that make fraud-service's rules fire")
public class ScenarioResource {
    @Inject
    OnDemandEvents onDemand;

    @GET
    @Operation(summary = "The scenarios and the rule each makes fire")
    public List<ScenarioInfo> list() {
        return Arrays.stream(FraudScenario.values()).map(ScenarioInfo::of).toList();
    }

    @POST
    @Path("/{name}")
    @Operation(summary = "Run a scenario; answers once the broker acknowledged all its transactions")
    @APIResponse(responseCode = "200", description = "the transactions sent and the rule expected to fire")
    @APIResponse(responseCode = "400", description = "blocked-account without accountId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown scenario or account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<ScenarioReport> run(
            @Parameter(description = "velocity-burst, impossible-travel, over-limit, daily-limit, amount-anomaly, "
                    + "blocked-account") @PathParam("name") String name,
            @Parameter(description = "a fleet or earlier scenario account; default: a fresh scenario account")
            @QueryParam("accountId") String accountId) {
        return onDemand.run(name, accountId).handle((run, failure) -> {
            if (failure != null) {
                throw EventResource.unwrap(failure);
            }
            return ScenarioReport.of(run);
        });
    }
}
