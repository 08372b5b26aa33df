package dev.voltstream.billing.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.kit.rest.Problem;
import dev.voltstream.billing.domain.Invoice;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Invoices by id and by charging session (an account's invoices are under /api/accounts). */
@Path("/api/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "invoices")
public class InvoiceResource {

    @GET
    @Path("/{invoiceId}")
    @Operation(summary = "An invoice")
    @APIResponse(responseCode = "404", description = "Unknown invoice",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InvoiceView get(@PathParam("invoiceId") String invoiceId) {
        return Invoice.<Invoice>findByIdOptional(Params.id(invoiceId, "invoiceId")).map(InvoiceView::of)
                .orElseThrow(() -> ProblemException.notFound("no invoice " + invoiceId));
    }

    @GET
    @Path("/by-session/{sessionId}")
    @Operation(summary = "The invoice of a charging session")
    @APIResponse(responseCode = "404", description = "The session was not invoiced",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InvoiceView bySession(@PathParam("sessionId") String sessionId) {
        return Invoice.bySession(Params.id(sessionId, "sessionId")).map(InvoiceView::of)
                .orElseThrow(() -> ProblemException.notFound("no invoice for session " + sessionId));
    }
}
