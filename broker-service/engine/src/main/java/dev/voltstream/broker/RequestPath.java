package dev.voltstream.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import dev.voltstream.broker.cluster.CatchUpGate;
import dev.voltstream.broker.cluster.ClusterNode;
import dev.voltstream.broker.handler.ApiDispatcher;
import dev.voltstream.broker.handler.ApiHandler;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.metrics.MeteredRequestProcessor;
import dev.voltstream.broker.network.SerialExecutor;
import dev.voltstream.broker.quota.AdminLaneTime;
import dev.voltstream.broker.quota.ClientQuotas;
import dev.voltstream.broker.quota.Quotas;
import dev.voltstream.broker.security.audit.AuditLog;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.Authorization;

/**
 * What a request passes between a listener and its handler, outermost first: the {@code gate} (closed until a
 * cluster node has caught up with the metadata), the request metrics, client quotas, authorization, and the
 * {@code dispatcher} with every API handler (the SASL and SCRAM ones from {@link BrokerSecurity}). Admin requests share
 * one serial lane on the worker pool. {@code authorizer} is null when {@code authorizer.class.name} is unset.
 */
record RequestPath(ApiDispatcher dispatcher, CatchUpGate gate, AclAuthorizer authorizer) {

    /**
     * Builds the path; {@code clusterNode} is null on a single node, whose gate opens at once. The authorizer writes
     * its decisions to {@code audit}.
     */
    static RequestPath assemble(BrokerComponents components, BrokerSecurity security, ClusterNode clusterNode,
                                TopicRegistry registry, BrokerMetrics metrics, AuditLog audit) {
        // the lane's work counts in the request quota of the client that handed it over
        Executor adminLane = new AdminLaneTime(new SerialExecutor(components.workers()));
        AclAuthorizer authorizer = Authorization.authorizer(components.config(), components.metadataDir(),
                clusterNode != null ? clusterNode.acls() : null, audit);
        ClientQuotas quotas = Quotas.clientQuotas(components.metadataDir(), clusterNode != null ? clusterNode.quotas() : null);
        List<ApiHandler<?>> apis = new ArrayList<>(BrokerApis.all(components, adminLane, authorizer, quotas));
        apis.addAll(security.apis());
        ApiDispatcher dispatcher = new ApiDispatcher(apis, adminLane, components.features());
        CatchUpGate gate = new CatchUpGate(new MeteredRequestProcessor(Quotas.wrap(
                Authorization.wrap(dispatcher, authorizer, components.config(), registry), quotas,
                components.config()), metrics));
        if (clusterNode == null) {
            gate.open();
        }
        return new RequestPath(dispatcher, gate, authorizer);
    }
}
