package dev.voltstream.fraud.rest;

import dev.voltstream.fraud.rules.Thresholds;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The thresholds the rules run with (set through {@code fraud.*} configuration). */
@Path("/api/thresholds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "thresholds")
public class ThresholdsResource {
    private final Thresholds thresholds;

    public ThresholdsResource(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @GET
    @Operation(summary = "The current compliance limits and fraud rule thresholds")
    public ThresholdsView get() {
        return ThresholdsView.of(thresholds);
    }
}
