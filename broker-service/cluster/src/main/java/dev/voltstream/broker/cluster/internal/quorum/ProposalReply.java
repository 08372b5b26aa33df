package dev.voltstream.broker.cluster.internal.quorum;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.cluster.internal.image.MetadataApplier;

/**
 * What the state machine answers the proposer of a command: the command's error (null when applied) and, for a batch
 * of topic changes, the error of each element it refused, by position.
 *
 * <p>Bytes: int16 error code, UTF message, then only when elements were refused an int32 count and per refused element
 * int32 position, int16 error code, UTF message. A reader that knows only the first two fields (release 0.1.0's)
 * ignores the rest; a batch is never proposed to such a reader's cluster.
 */
record ProposalReply(ApiException error, Map<Integer, ApiException> refused) {
    ProposalReply {
        refused = Collections.unmodifiableMap(new TreeMap<>(refused));
    }

    static byte[] encode(MetadataApplier.Applied applied) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeError(out, applied.error(), applied.message());
            if (!applied.refused().isEmpty()) {
                out.writeInt(applied.refused().size());
                for (MetadataApplier.Refusal refusal : applied.refused()) {
                    out.writeInt(refusal.index());
                    writeError(out, refusal.error(), refusal.message());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static ProposalReply decode(byte[] reply) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply))) {
            ApiException error = readError(in);
            Map<Integer, ApiException> refused = new TreeMap<>();
            if (in.available() > 0) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    int index = in.readInt();
                    refused.put(index, readError(in));
                }
            }
            return new ProposalReply(error, refused);
        } catch (IOException e) {
            throw new IllegalStateException("Malformed metadata reply", e);
        }
    }

    private static void writeError(DataOutputStream out, Errors error, String message) throws IOException {
        out.writeShort(error.code());
        out.writeUTF(message == null ? "" : message);
    }

    private static ApiException readError(DataInputStream in) throws IOException {
        Errors error = Errors.forCode(in.readShort());
        String message = in.readUTF();
        return error == Errors.NONE ? null : error.exception(message.isEmpty() ? null : message);
    }
}
