package dev.voltstream.notification.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.NotificationPage;
import dev.voltstream.notification.service.NotificationQueries;
import dev.voltstream.notification.service.NotificationView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Stored notifications and the live notification stream. */
@Path("/api/notifications")
@Tag(name = "notifications")
public class NotificationResource {
    private final NotificationQueries queries;
    private final LiveFeed liveFeed;

    NotificationResource(NotificationQueries queries, LiveFeed liveFeed) {
        this.queries = queries;
        this.liveFeed = liveFeed;
    }

    /** A page of notifications, newest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List notifications, newest first, optionally of one account")
    @APIResponse(responseCode = "400", description = "Bad account id, page or size")
    public NotificationPage list(@RestQuery String accountId, @RestQuery @DefaultValue("0") int page,
                                 @RestQuery @DefaultValue("20") int size) {
        RequestChecks.page(page, size);
        return queries.page(RequestChecks.optionalId(accountId, "accountId"), page, size);
    }

    /** One notification. */
    @GET
    @Path("/{id: \\d+}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get one notification")
    @APIResponse(responseCode = "404", description = "No such notification")
    public NotificationView get(@RestPath long id) {
        return queries.find(id).orElseThrow(() -> ProblemException.notFound("no notification " + id));
    }

    /** Server-sent events: each new notification (of one account, or all) as JSON, from now on. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live notifications as server-sent events")
    public Multi<NotificationView> stream(@RestQuery String accountId) {
        return liveFeed.notifications(RequestChecks.optionalId(accountId, "accountId"));
    }
}
