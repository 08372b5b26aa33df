package dev.voltstream.broker.quota;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.security.PrincipalResolver;

/**
 * Enforces {@code producer_byte_rate} and {@code consumer_byte_rate} as Kafka does: a Produce request's bytes and a
 * consumer Fetch response's record bytes count against the quota of the request's user and client id
 * ({@link ClientQuotas#resolve}); a client over its quota gets the response at once with {@code throttle_time_ms} set
 * (so it backs off itself, KIP-219) and its connection is not read for that long (the network layer mutes it).
 * Replica fetches are never throttled.
 */
public final class QuotaProcessor implements RequestProcessor {
    private final RequestProcessor next;
    private final ClientQuotas quotas;
    private final PrincipalResolver principals;
    private final ByteRateMeter produce;
    private final ByteRateMeter fetch;

    public QuotaProcessor(RequestProcessor next, ClientQuotas quotas, PrincipalResolver principals, int samples,
                          long windowMs) {
        this.next = next;
        this.quotas = quotas;
        this.principals = principals;
        this.produce = new ByteRateMeter(samples, windowMs);
        this.fetch = new ByteRateMeter(samples, windowMs);
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        ApiKeys api = request.context().apiKey();
        if (request.body() == null || (api != ApiKeys.PRODUCE && api != ApiKeys.FETCH)) {
            return next.process(request);
        }
        if (api == ApiKeys.FETCH && request.body().data() instanceof FetchRequestData f
                && (f.replicaId() >= 0 || f.replicaState() != null && f.replicaState().replicaId() >= 0)) {
            return next.process(request);
        }
        KafkaPrincipal principal = principals.principal(request.context());
        String user = principal.getName();
        String clientId = request.context().clientId() == null ? "" : request.context().clientId();
        Double quota = quotas.resolve(user, clientId,
                api == ApiKeys.PRODUCE ? ClientQuotas.PRODUCER_BYTE_RATE : ClientQuotas.CONSUMER_BYTE_RATE);
        if (quota == null) {
            return next.process(request);
        }
        long requestBytes = request.frame() == null ? 0 : request.frame().readableBytes();
        String client = user + '\u0000' + clientId;
        return next.process(request).thenApply(response -> {
            long now = System.currentTimeMillis();
            if (response instanceof ProduceResponseData p) {
                long throttle = produce.recordAndThrottle(client, requestBytes, quota, now);
                p.setThrottleTimeMs((int) Math.max(p.throttleTimeMs(), throttle));
            } else if (response instanceof FetchResponseData f) {
                long throttle = fetch.recordAndThrottle(client, recordBytes(f), quota, now);
                f.setThrottleTimeMs((int) Math.max(f.throttleTimeMs(), throttle));
            }
            return response;
        });
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
