package dev.voltstream.broker.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * A bare socket speaking Kafka frames, for what stock clients never send: duplicates on purpose, bad CRCs, oversized or
 * malformed frames. Encoding and decoding use kafka-clients' own generated classes.
 */
public final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private int correlationId;

    public RawKafkaClient(int port) throws IOException {
        this(port, "raw-test-client");
    }

    /** A connection whose requests carry {@code clientId}. */
    public RawKafkaClient(int port, String clientId) throws IOException {
        this.clientId = clientId;
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request and returns the parsed response body. */
    public ApiMessage call(ApiKeys api, short version, ApiMessage request) throws IOException {
        int id = send(api, version, request);
        return receive(api, version, id);
    }

    public int send(ApiKeys api, short version, ApiMessage request) throws IOException {
        return send(api, version, new RequestHeaderData(), request, new byte[0]);
    }

    /**
     * Sends a request whose frame ends with {@code trailing} after the body's last field, under a header that may
     * carry unknown tagged fields of its own; the header's API, version, client id and correlation id are set here.
     */
    public int send(ApiKeys api, short version, RequestHeaderData header, ApiMessage request, byte[] trailing)
            throws IOException {
        int id = ++correlationId;
        header.setRequestApiKey(api.id).setRequestApiVersion(version).setClientId(clientId)
                .setCorrelationId(id);
        ByteBuffer h = MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer();
        ByteBuffer b = MessageUtil.toByteBufferAccessor(request, version).buffer();
        byte[] frame = new byte[h.remaining() + b.remaining() + trailing.length];
        int headerSize = h.remaining();
        h.get(frame, 0, headerSize);
        b.get(frame, headerSize, b.remaining());
        System.arraycopy(trailing, 0, frame, frame.length - trailing.length, trailing.length);
        sendFrame(frame);
        return id;
    }

    public ApiMessage receive(ApiKeys api, short version, int expectedCorrelationId) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(receiveFrame());
        ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(frame),
                api.responseHeaderVersion(version));
        if (header.correlationId() != expectedCorrelationId) {
            throw new IllegalStateException("Expected correlation id " + expectedCorrelationId + " but got "
                    + header.correlationId());
        }
        int bodyStart = frame.position();
        ApiMessage body = AbstractResponse.parseResponse(api, new ByteBufferAccessor(frame), version).data();
        assertConforms(api, version, frame, bodyStart, body);
        return body;
    }

    /**
     * A response body must be exactly what kafka-clients' schema for that version reads: nothing left over after the
     * parse, no tagged field the schema does not know, and re-written at the same version it gives back the same
     * bytes (so no field was sent for a version that lacks it, and no encoding a stock broker would not produce).
     */
    private static void assertConforms(ApiKeys api, short version, ByteBuffer frame, int bodyStart, ApiMessage body) {
        String what = api + " v" + version + " response";
        if (frame.hasRemaining()) {
            throw new IllegalStateException(what + " has " + frame.remaining() + " bytes after its fields");
        }
        if (!body.unknownTaggedFields().isEmpty()) {
            throw new IllegalStateException(what + " carries unknown tagged fields " + body.unknownTaggedFields());
        }
        ByteBuffer received = frame.duplicate().position(bodyStart);
        ByteBuffer rewritten = MessageUtil.toByteBufferAccessor(body, version).buffer();
        if (!received.equals(rewritten)) {
            throw new IllegalStateException(what + " is not what kafka-clients writes for the same fields ("
                    + received.remaining() + " bytes received, " + rewritten.remaining() + " re-written): " + body);
        }
    }

    public void sendFrame(byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /**
     * Sends a frame the broker is expected to refuse: it may close the connection as soon as it has read the size or
     * the header, before the rest is written, so a write failing that way is not an error here —
     * {@link #closedByBroker()} then tells whether the broker closed it.
     */
    public void sendRefusedFrame(byte[] body) throws IOException {
        try {
            sendFrame(body);
        } catch (java.net.SocketException e) {
            // the broker closed the connection mid-frame: what a refusal looks like from here
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] receiveFrame() throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return body;
    }

    /** How long a read waits before {@link java.net.SocketTimeoutException} (10 s unless changed). */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** True when the broker closed the connection (end of stream) within the socket timeout. */
    public boolean closedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
