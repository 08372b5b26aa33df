package dev.voltstream.broker.security.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramServerCallbackHandler;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM exchange of librdkafka before 2.6.1 (its final nonce is its client nonce followed by the server's whole
 * nonce) against Kafka's server alone (refused, as Kafka 4.1 refuses it) and with {@link LegacyNonceScramServer}
 * (accepted with the right password, refused with a wrong one or any other nonce); a correct client still works.
 */
class LegacyNonceScramServerTest {
    static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    static final String CLIENT_NONCE = "rdkafkaClientNonce0123456789abcd";

    final ScramCredentialStore store = ScramCredentialStore.inMemory();

    LegacyNonceScramServerTest() throws Exception {
        ScramBootstrap.apply("SCRAM-SHA-512=[name=fraud,password=fraud-secret]", store);
    }

    SaslServer kafka() throws Exception {
        return new ScramSaslServer(MECHANISM, Map.of(), new ScramServerCallbackHandler(store.cache(MECHANISM),
                store.tokens()));
    }

    SaslServer legacy() throws Exception {
        return new LegacyNonceScramServer(kafka(), MECHANISM, store.cache(MECHANISM));
    }

    /** Runs a client exchange; {@code prefix} goes before the server's nonce in the final message. */
    static String authenticate(SaslServer server, String password, String prefix) throws Exception {
        ScramFormatter formatter = new ScramFormatter(MECHANISM);
        ClientFirstMessage first = new ClientFirstMessage("fraud", CLIENT_NONCE, Map.of());
        ServerFirstMessage serverFirst = new ServerFirstMessage(server.evaluateResponse(first.toBytes()));
        ClientFinalMessage last = new ClientFinalMessage("n,,".getBytes(), prefix + serverFirst.nonce());
        byte[] salted = formatter.saltedPassword(password, serverFirst.salt(), serverFirst.iterations());
        last.proof(formatter.clientProof(salted, first, serverFirst, last));
        ServerFinalMessage serverFinal = new ServerFinalMessage(server.evaluateResponse(last.toBytes()));
        assertThat(serverFinal.serverSignature()).isEqualTo(formatter.serverSignature(
                formatter.serverKey(salted), first, serverFirst, last));
        assertThat(server.isComplete()).isTrue();
        return server.getAuthorizationID();
    }

    @Test
    void kafkasServerRefusesTheLegacyNonceAndTheWrapperAcceptsIt() throws Exception {
        assertThatThrownBy(() -> authenticate(kafka(), "fraud-secret", CLIENT_NONCE))
                .isInstanceOf(SaslException.class).hasMessageContaining("Invalid client nonce");
        assertThat(authenticate(legacy(), "fraud-secret", CLIENT_NONCE)).isEqualTo("fraud");
    }

    @Test
    void aCorrectClientStillAuthenticatesThroughKafkasServer() throws Exception {
        assertThat(authenticate(legacy(), "fraud-secret", "")).isEqualTo("fraud");
    }

    @Test
    void aWrongPasswordOrAnyOtherNonceIsRefused() {
        assertThatThrownBy(() -> authenticate(legacy(), "wrong", CLIENT_NONCE))
                .isInstanceOf(SaslException.class).hasMessageContaining("Invalid client credentials");
        assertThatThrownBy(() -> authenticate(legacy(), "fraud-secret", "x" + CLIENT_NONCE))
                .isInstanceOf(SaslException.class).hasMessageContaining("Invalid client nonce");
        assertThatThrownBy(() -> authenticate(legacy(), "fraud-secret", "other"))
                .isInstanceOf(SaslException.class).hasMessageContaining("Invalid client nonce");
    }
}
