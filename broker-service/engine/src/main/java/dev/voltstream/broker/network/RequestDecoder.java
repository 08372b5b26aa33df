package dev.voltstream.broker.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.protocol.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Parses one frame into its header and kafka-clients' generated request data, straight from the frame's memory, the
 * way Apache Kafka's broker reads it: the fields the version defines are read, unknown tagged fields are kept aside
 * and ignored, and bytes after the last field are ignored. An unknown API, an unsupported version (other than
 * ApiVersions, which gets an answer) or fields that do not parse raise {@link MalformedRequestException}: the
 * connection is closed, as Kafka does.
 */
public final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final ApiVersionTable versions;
    private final String listenerName;

    public RequestDecoder(ApiVersionTable versions, String listenerName) {
        this.versions = versions;
        this.listenerName = listenerName;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        ByteBuffer buffer = frame.nioBuffer();
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            throw new MalformedRequestException("Cannot parse request header", e);
        }
        RequestContext context = new RequestContext(header, ctx.channel().id().asShortText(),
                clientAddress(ctx), listenerName, KafkaPrincipal.ANONYMOUS);
        ApiKeys api = header.apiKey();
        if (!versions.supports(api, header.apiVersion())) {
            if (api == ApiKeys.API_VERSIONS) {
                out.add(new KafkaRequest(context, null, null));
                return;
            }
            throw new MalformedRequestException("Unsupported API " + api + " version " + header.apiVersion()
                    + " from client " + header.clientId(), null);
        }
        AbstractRequest body;
        try {
            body = AbstractRequest.parseRequest(api, header.apiVersion(), new BoundedAccessor(buffer)).request;
        } catch (RuntimeException e) {
            throw new MalformedRequestException("Cannot parse " + api + " v" + header.apiVersion()
                    + " request from client " + header.clientId(), e);
        }
        // Bytes after the fields this version defines are ignored, as Kafka's RequestContext.parseRequest does:
        // librdkafka 2.15 sends some after its Metadata v13 request, and refusing them breaks every such client.
        out.add(new KafkaRequest(context, body, frame.retain()));
    }

    private static InetAddress clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
