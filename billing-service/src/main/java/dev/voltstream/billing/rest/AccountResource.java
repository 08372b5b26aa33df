package dev.voltstream.billing.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.kit.rest.Problem;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.billing.domain.LedgerEntry;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Accounts, their balances, ledgers and invoices. */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
public class AccountResource {

    @GET
    @Operation(summary = "List accounts (by id), one page at a time")
    @APIResponse(responseCode = "400", description = "Invalid paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AccountView> list(@QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("100") int size) {
        return Account.<Account>findAll(Sort.by("accountId")).page(Page.of(Params.page(page), Params.size(size)))
                .list().stream().map(AccountView::of).toList();
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "An account and its balance")
    @APIResponse(responseCode = "404", description = "Unknown account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AccountView get(@PathParam("accountId") String accountId) {
        return AccountView.of(existing(accountId));
    }

    @GET
    @Path("/{accountId}/ledger")
    @Operation(summary = "An account's ledger entries, oldest first; their sum is the balance")
    @APIResponse(responseCode = "404", description = "Unknown account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LedgerEntryView> ledger(@PathParam("accountId") String accountId,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("100") int size) {
        existing(accountId);
        return LedgerEntry.ofAccount(accountId, Params.page(page), Params.size(size)).stream()
                .map(LedgerEntryView::of).toList();
    }

    @GET
    @Path("/{accountId}/invoices")
    @Operation(summary = "An account's invoices, oldest first")
    @APIResponse(responseCode = "404", description = "Unknown account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<InvoiceView> invoices(@PathParam("accountId") String accountId,
                                      @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("100") int size) {
        existing(accountId);
        return Invoice.ofAccount(accountId, Params.page(page), Params.size(size)).stream()
                .map(InvoiceView::of).toList();
    }

    private static Account existing(String accountId) {
        return Account.byId(Params.id(accountId, "accountId"))
                .orElseThrow(() -> ProblemException.notFound("no account " + accountId));
    }
}
