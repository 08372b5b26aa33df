package dev.voltstream.broker.quota;

import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.BaseRecords;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.network.ThrottleTime;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.security.PrincipalResolver;

/**
 * Enforces the client quotas of a request's user and client id ({@link ClientQuotas#resolve}) as Kafka does:
 * {@code producer_byte_rate} counts a Produce request's bytes, {@code consumer_byte_rate} a consumer Fetch response's
 * record bytes (each on a {@link TokenBucket}), and {@code request_percentage} the time the request thread spent
 * handling any request ({@link RequestTimeMeter}; the admin lane's work for it too, {@link AdminLaneTime}). A client
 * over a quota gets the response at once with {@code throttle_time_ms} set to the longest of its throttles (so it
 * backs off itself, KIP-219) and its connection is not read for that long (the network layer mutes it). Replica
 * fetches are never throttled, nor counted. An acks=0 Produce is metered too; with no response to carry the throttle,
 * its connection is only muted for it ({@link KafkaRequest#throttleUnanswered}), as Kafka does.
 */
public final class QuotaProcessor implements RequestProcessor {
    private final RequestProcessor next;
    private final ClientQuotas quotas;
    private final PrincipalResolver principals;
    private final ClientRateMeter produce;
    private final ClientRateMeter fetch;
    private final RequestTimeMeter requestTime;
    /** Monotonic nanoseconds: times the request thread and, divided down, the quota windows. */
    private final LongSupplier nanoClock;
    private final long origin;

    public QuotaProcessor(RequestProcessor next, ClientQuotas quotas, PrincipalResolver principals, int samples,
                          long windowMs) {
        this(next, quotas, principals, samples, windowMs, System::nanoTime);
    }

    QuotaProcessor(RequestProcessor next, ClientQuotas quotas, PrincipalResolver principals, int samples,
                   long windowMs, LongSupplier nanoClock) {
        this.next = next;
        this.quotas = quotas;
        this.principals = principals;
        this.produce = ClientRateMeter.byteRate(samples, windowMs);
        this.fetch = ClientRateMeter.byteRate(samples, windowMs);
        this.requestTime = new RequestTimeMeter(samples, windowMs);
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        if (request.body() == null || quotas.all().isEmpty() || isReplicaFetch(request)) {
            return next.process(request);
        }
        ApiKeys api = request.context().apiKey();
        String user = principals.principal(request.context()).getName();
        String clientId = request.context().clientId() == null ? "" : request.context().clientId();
        ClientQuotas.Applied byteRate = api == ApiKeys.PRODUCE
                ? quotas.applied(user, clientId, ClientQuotas.PRODUCER_BYTE_RATE)
                : api == ApiKeys.FETCH ? quotas.applied(user, clientId, ClientQuotas.CONSUMER_BYTE_RATE) : null;
        ClientQuotas.Applied percentage = quotas.applied(user, clientId, ClientQuotas.REQUEST_PERCENTAGE);
        if (byteRate == null && percentage == null) {
            return next.process(request);
        }
        long requestBytes = request.frame() == null ? 0 : request.frame().readableBytes();
        long start = nanoClock.getAsLong();
        // the admin lane's work for this request counts too, once done (AdminLaneTime): too late for this response's
        // throttle, it throttles the client's next requests
        CompletionStage<ApiMessage> stage = percentage == null ? next.process(request)
                : AdminLaneTime.countingFor(laneNanos -> requestTime.recordAndThrottle(percentage.meter(), laneNanos,
                        percentage.quota(), nowMs()), () -> next.process(request));
        // Kafka counts the request thread's time until the API handler returns, not the wait for acks or data
        long threadNanos = nanoClock.getAsLong() - start;
        return stage.thenApply(response -> {
            long now = nowMs();
            long throttle = 0;
            if (byteRate != null && response == null && api == ApiKeys.PRODUCE) {
                // acks=0: metered as any Produce; with no response to carry the throttle the connection is only muted,
                // as Kafka does, and for the whole debt (see owedMs)
                if (produce.recordAndThrottle(byteRate.meter(), requestBytes, byteRate.quota(), now) > 0) {
                    throttle = produce.owedMs(byteRate.meter(), byteRate.quota());
                }
            } else if (byteRate != null && response instanceof ProduceResponseData) {
                throttle = produce.recordAndThrottle(byteRate.meter(), requestBytes, byteRate.quota(), now);
            } else if (byteRate != null && response instanceof FetchResponseData f) {
                throttle = fetch.recordAndThrottle(byteRate.meter(), recordBytes(f), byteRate.quota(), now);
            }
            if (percentage != null) {
                throttle = Math.max(throttle, requestTime.recordAndThrottle(percentage.meter(), threadNanos,
                        percentage.quota(), now));
            }
            if (throttle > 0 && response == null) {
                request.throttleUnanswered(throttle);
            } else if (throttle > 0) {
                ThrottleTime.raise(response, throttle);
            }
            return response;
        });
    }

    /** The quota windows' clock: milliseconds since this processor was made. */
    private long nowMs() {
        return (nanoClock.getAsLong() - origin) / 1_000_000;
    }

    private static boolean isReplicaFetch(KafkaRequest request) {
        return request.context().apiKey() == ApiKeys.FETCH && request.body().data() instanceof FetchRequestData f
                && (f.replicaId() >= 0 || f.replicaState() != null && f.replicaState().replicaId() >= 0);
    }

    private static long recordBytes(FetchResponseData response) {
        long total = 0;
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                BaseRecords records = partition.records();
                if (records != null) {
                    total += records.sizeInBytes();
                }
            }
        }
        return total;
    }
}
