package dev.voltstream.broker;

import java.util.List;

import dev.voltstream.broker.handler.ApiHandler;
import dev.voltstream.broker.handler.CreateTopicsHandler;
import dev.voltstream.broker.handler.FetchHandler;
import dev.voltstream.broker.handler.InitProducerIdHandler;
import dev.voltstream.broker.handler.ListOffsetsHandler;
import dev.voltstream.broker.handler.MetadataHandler;
import dev.voltstream.broker.handler.ProduceHandler;

/** The list of API handlers this broker serves (ApiVersions is added by the dispatcher and advertises exactly these). */
final class BrokerApis {
    private BrokerApis() {
    }

    static List<ApiHandler<?>> all(BrokerComponents c) {
        return List.of(
                new MetadataHandler(c.cluster(), c.topics(), c.replicas()),
                new ProduceHandler(c.topics().registry(), c.replicas()),
                new FetchHandler(c.topics().registry(), c.replicas(), c.workers()),
                new ListOffsetsHandler(c.replicas()),
                new InitProducerIdHandler(c.producerIds()),
                new CreateTopicsHandler(c.topics(), c.cluster()));
    }
}
