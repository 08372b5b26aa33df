package dev.voltstream.fraud.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.BlockedAccount;
import dev.voltstream.fraud.service.AccountActivity;
import dev.voltstream.fraud.service.AccountBlocking;
import dev.voltstream.kit.events.EventCodec;
import dev.voltstream.fraud.rules.AccountHistory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/** An account as fraud-service sees it: rule state, block, recent verdicts and alerts. */
@Path("/api/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
public class AccountResource {
    private final AccountActivity activity;
    private final AccountBlocking blocking;
    private final EventCodec codec;

    public AccountResource(AccountActivity activity, AccountBlocking blocking, EventCodec codec) {
        this.activity = activity;
        this.blocking = blocking;
        this.codec = codec;
    }

    @GET
    @Operation(summary = "What the rules know about the account")
    @APIResponse(responseCode = "404", description = "The service has never seen the account")
    public AccountView get(@PathParam("accountId") String accountId) {
        String id = known(accountId);
        Optional<BlockedAccount> block = blocking.find(id);
        Optional<AccountState> state = activity.state(id);
        AccountHistory history = state.map(s -> new AccountHistory(id, block.isPresent(), s.approvedCount,
                        s.approvedSum, s.lastLat == null ? null : new GeoLocation(s.lastLat, s.lastLon), s.lastAt, s.day,
                        s.dayTotal, List.of()))
                .orElseGet(() -> AccountHistory.empty(id, block.isPresent()));
        return new AccountView(id, history.blocked(), block.map(b -> b.reason).orElse(null),
                history.approvedCount(), history.averageAmount(), history.day(), history.dayTotal(),
                history.lastLocation(), history.lastAt());
    }

    @PUT
    @Path("/block")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Block the account: its transactions are declined (ACCOUNT_BLOCKED) until unblocked")
    public BlockView block(@PathParam("accountId") String accountId, BlockRequest request) {
        String id = AccountIds.valid(accountId, "accountId");
        String reason = request == null || request.reason() == null ? "blocked by operator" : request.reason();
        if (reason.length() > 500) {
            throw ProblemException.badRequest("reason must be at most 500 characters");
        }
        BlockedAccount row = blocking.block(id, reason);
        return new BlockView(row.accountId, row.reason, row.blockedAt);
    }

    @DELETE
    @Path("/block")
    @Operation(summary = "Unblock the account")
    @APIResponse(responseCode = "204", description = "Unblocked")
    @APIResponse(responseCode = "404", description = "The account was not blocked")
    public void unblock(@PathParam("accountId") String accountId) {
        String id = AccountIds.valid(accountId, "accountId");
        if (!blocking.unblock(id)) {
            throw ProblemException.notFound("account " + id + " is not blocked");
        }
    }

    @GET
    @Path("/verdicts")
    @Operation(summary = "The account's most recent verdicts, newest first")
    @APIResponse(responseCode = "404", description = "The service has never seen the account")
    public List<TransactionVerdict> verdicts(@PathParam("accountId") String accountId,
                                             @QueryParam("limit") @DefaultValue("20") int limit) {
        String id = known(accountId);
        return activity.recentVerdicts(id, AccountIds.validLimit(limit)).stream()
                .map(v -> codec.readStored(v.payload, TransactionVerdict.class)).toList();
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "The account's most recent fraud alerts, newest first")
    @APIResponse(responseCode = "404", description = "The service has never seen the account")
    public List<FraudAlert> alerts(@PathParam("accountId") String accountId,
                                   @QueryParam("limit") @DefaultValue("20") int limit) {
        String id = known(accountId);
        return activity.recentAlerts(id, AccountIds.validLimit(limit)).stream()
                .map(a -> codec.readStored(a.payload, FraudAlert.class)).toList();
    }

    private String known(String accountId) {
        String id = AccountIds.valid(accountId, "accountId");
        if (!activity.known(id)) {
            throw ProblemException.notFound("account " + id + " is unknown to fraud-service");
        }
        return id;
    }
}
