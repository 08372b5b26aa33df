package dev.voltstream.broker.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.dynamic.IncrementalChanges.Change;

class IncrementalChangesTest {

    private static Map<String, String> apply(Map<String, String> current, Change... changes) {
        return IncrementalChanges.apply(current, List.of(changes), TopicConfigCatalog::key);
    }

    private static Change change(String name, OpType op, String value) {
        return new Change(name, op.id(), value);
    }

    @Test
    void setReplacesAndDeleteRemoves() {
        Map<String, String> result = apply(Map.of("retention.ms", "1", "segment.ms", "2"),
                change("retention.ms", OpType.SET, "5"), change("segment.ms", OpType.DELETE, null));

        assertThat(result).containsExactly(Map.entry("retention.ms", "5"));
    }

    @Test
    void appendStartsFromTheDefaultOfAListConfig() {
        assertThat(apply(Map.of(), change("cleanup.policy", OpType.APPEND, "compact")))
                .containsEntry("cleanup.policy", "delete,compact");
    }

    @Test
    void subtractRemovesListItems() {
        assertThat(apply(Map.of("cleanup.policy", "delete,compact"), change("cleanup.policy", OpType.SUBTRACT,
                "delete"))).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void appendToANonListConfigIsInvalidConfig() {
        assertThatThrownBy(() -> apply(Map.of(), change("retention.ms", OpType.APPEND, "1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
    }

    @Test
    void theSameKeyTwiceIsAnInvalidRequest() {
        assertThatThrownBy(() -> apply(Map.of(), change("retention.ms", OpType.SET, "1"),
                change("retention.ms", OpType.DELETE, null))).isInstanceOf(InvalidRequestException.class);
    }
}
