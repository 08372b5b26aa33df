package dev.voltstream.billing.rest;

import dev.voltstream.billing.service.ConsistencyCheck;
import dev.voltstream.billing.service.ConsistencyReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The ledger invariants, checked on demand (the end-to-end tests and operators call it). */
@Path("/api/consistency")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "consistency")
public class ConsistencyResource {
    private final ConsistencyCheck check;

    public ConsistencyResource(ConsistencyCheck check) {
        this.check = check;
    }

    @GET
    @Operation(summary = "Whether every balance equals its ledger sum and every payment posting sums to zero")
    public ConsistencyReport check() {
        return check.run();
    }
}
