package dev.voltstream.fraud.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.service.AccountActivity;
import dev.voltstream.kit.events.EventCodec;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One transaction's verdict. */
@Path("/api/verdicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "verdicts")
public class VerdictResource {
    private final AccountActivity activity;
    private final EventCodec codec;

    public VerdictResource(AccountActivity activity, EventCodec codec) {
        this.activity = activity;
        this.codec = codec;
    }

    @GET
    @Path("/{transactionId}")
    @Operation(summary = "The verdict of a transaction, exactly as emitted")
    @APIResponse(responseCode = "404", description = "The transaction has not been decided")
    public TransactionVerdict get(@PathParam("transactionId") String transactionId) {
        String id = AccountIds.valid(transactionId, "transactionId");
        return activity.verdict(id)
                .map(v -> codec.readStored(v.payload, TransactionVerdict.class))
                .orElseThrow(() -> ProblemException.notFound("no verdict for transaction " + id));
    }
}
