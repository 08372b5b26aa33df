package dev.voltstream.broker.cluster.internal.replication;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * A blocking Kafka-protocol connection from a follower to a leader broker: one request at a time, encoded and decoded
 * with kafka-clients' generated messages. Owned by one fetcher thread.
 */
public final class LeaderConnection implements Closeable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private int correlationId;

    public LeaderConnection(String host, int port, int readTimeoutMs, String clientId) throws IOException {
        this.clientId = clientId;
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(readTimeoutMs);
            in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public ApiMessage call(ApiKeys api, short version, ApiMessage request) throws IOException {
        int id = ++correlationId;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setClientId(clientId).setCorrelationId(id);
        ByteBuffer h = MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer();
        ByteBuffer b = MessageUtil.toByteBufferAccessor(request, version).buffer();
        out.writeInt(h.remaining() + b.remaining());
        out.write(h.array(), h.arrayOffset() + h.position(), h.remaining());
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        out.flush();
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuffer frame = ByteBuffer.wrap(body);
        ResponseHeaderData responseHeader = new ResponseHeaderData(new ByteBufferAccessor(frame),
                api.responseHeaderVersion(version));
        if (responseHeader.correlationId() != id) {
            throw new IOException("Expected correlation id " + id + " but got " + responseHeader.correlationId());
        }
        return AbstractResponse.parseResponse(api, new ByteBufferAccessor(frame), version).data();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
