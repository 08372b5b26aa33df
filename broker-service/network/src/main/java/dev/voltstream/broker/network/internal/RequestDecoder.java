package dev.voltstream.broker.network.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

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
 * connection is closed, as Kafka does. So does a request whose parsed form would take more heap than
 * {@code request.max.parsed.bytes} ({@link BoundedAccessor}); the heap a request did take is charged to the request
 * memory pool on top of its frame until its response is written.
 */
public final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final ApiVersionTable versions;
    private final String listenerName;
    private final SecurityProtocol securityProtocol;
    private final long maxParsedBytes;

    public RequestDecoder(ApiVersionTable versions, String listenerName) {
        this(versions, listenerName, SecurityProtocol.PLAINTEXT, Long.MAX_VALUE);
    }

    /**
     * The principal starts as ANONYMOUS; {@code AuthenticationGate} puts the authenticated one in.
     *
     * @param maxParsedBytes {@code request.max.parsed.bytes}: the most heap one parsed request may take
     */
    public RequestDecoder(ApiVersionTable versions, String listenerName, SecurityProtocol securityProtocol,
                          long maxParsedBytes) {
        this.versions = versions;
        this.listenerName = listenerName;
        this.securityProtocol = securityProtocol;
        this.maxParsedBytes = maxParsedBytes;
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
        RequestContext context = new RequestContext(header, ctx.channel().id().asLongText(),
                clientAddress(ctx), listenerName, KafkaPrincipal.ANONYMOUS, securityProtocol);
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
        BoundedAccessor accessor = new BoundedAccessor(buffer, maxParsedBytes);
        try {
            body = AbstractRequest.parseRequest(api, header.apiVersion(), accessor).request;
        } catch (RuntimeException e) {
            throw new MalformedRequestException("Cannot parse " + api + " v" + header.apiVersion()
                    + " request from client " + header.clientId(), e);
        }
        // The parsed objects are held until the response is written, like the frame: the pool accounts for both.
        FrameBudget budget = FrameBudget.of(ctx.channel());
        if (budget != null) {
            budget.parsed(accessor.parsedBytes());
        }
        // Bytes after the fields this version defines are ignored, as Kafka's RequestContext.parseRequest does:
        // librdkafka 2.15 sends some after its Metadata v13 request, and refusing them breaks every such client.
        out.add(new KafkaRequest(context, body, frame.retain()));
    }

    private static InetAddress clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
