package dev.voltstream.stationproducer.rest;

import dev.voltstream.kit.rest.Problem;
import dev.voltstream.stationproducer.service.InjectRequest;
import dev.voltstream.stationproducer.service.OnDemandEvents;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

/** Inject one event of a given type. */
@Path("/api/events")
@Tag(name = "events", description = "single events on demand")
public class EventResource {
    @Inject
    OnDemandEvents onDemand;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Emit one event of the given type; answers once the broker acknowledged it")
    @APIResponse(responseCode = "200", description = "the emitted event, its topic, key and type")
    @APIResponse(responseCode = "400", description = "type missing or unknown, bad amount",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown station or account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<InjectedEvent> inject(InjectRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a JSON body with at least \"type\" is required");
        }
        return onDemand.inject(request)
                .handle((event, failure) -> {
                    if (failure != null) {
                        throw unwrap(failure);
                    }
                    return InjectedEvent.of(event);
                });
    }

    static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return new EventNotPublishedException(cause);
    }
}
