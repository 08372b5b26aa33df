package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;

class QuorumConfigTest {
    private static final String VOTERS = "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103";

    private static QuorumConfig config(int nodeId, String listeners) {
        Map<String, String> values = new HashMap<>();
        values.put("node.id", Integer.toString(nodeId));
        values.put("listeners", listeners);
        values.put("controller.quorum.voters", VOTERS);
        values.put("log.dirs", "/tmp/unused");
        return QuorumConfig.from(new BrokerConfig(values)).orElseThrow();
    }

    @Test
    void aVoterTakesItsRaftAddressFromTheVoters() {
        QuorumConfig voter = config(2, "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9102");
        assertThat(voter.observer()).isFalse();
        assertThat(voter.self().address()).isEqualTo("127.0.0.1:9102");
    }

    @Test
    void aBrokerNotAmongTheVotersIsAnObserverOnItsControllerListener() {
        QuorumConfig observer = config(4, "PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9104");
        assertThat(observer.observer()).isTrue();
        assertThat(observer.self().address()).isEqualTo("127.0.0.1:9104");
        assertThat(observer.voters()).extracting(QuorumConfig.Voter::id).containsExactly(1, 2, 3);
        // Same voters, same derived cluster id as the voters'.
        assertThat(observer.derivedClusterId())
                .isEqualTo(config(1, "PLAINTEXT://127.0.0.1:9091,CONTROLLER://127.0.0.1:9101").derivedClusterId());
    }

    @Test
    void anObserverNeedsAControllerListenerWithAFixedPort() {
        assertThatThrownBy(() -> config(4, "PLAINTEXT://127.0.0.1:9094"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controller listener");
        assertThatThrownBy(() -> config(4, "PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed port");
    }
}
