package dev.voltstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import dev.voltstream.testkit.EventSchemas;

/** The schemas reject what a consumer could not use, and describe exactly the records' fields. */
class SchemasTest {

    static Stream<Class<? extends Event>> eventClasses() {
        return GoldenSamplesTest.eventClasses();
    }

    /** Every (event, required field) pair. */
    static Stream<Arguments> requiredFields() {
        List<Arguments> pairs = new ArrayList<>();
        eventClasses().forEach(type -> schemaJson(type.getSimpleName()).get("required")
                .forEach(field -> pairs.add(Arguments.of(type.getSimpleName(), field.asText()))));
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void rejectsASampleMissingARequiredField(String event, String field) {
        ObjectNode sample = sample(event);
        sample.remove(field);

        assertThat(EventSchemas.validate(event, sample.toString())).singleElement().asString().contains(field);
    }

    @ParameterizedTest
    @MethodSource("eventClasses")
    void schemaPropertiesAreTheRecordComponents(Class<? extends Event> type) {
        Set<String> components = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(components::add);
        Set<String> properties = new TreeSet<>();
        schemaJson(type.getSimpleName()).get("properties").fieldNames().forEachRemaining(properties::add);

        assertThat(properties).isEqualTo(components);
    }

    @ParameterizedTest
    @MethodSource("eventClasses")
    void rejectsUnknownFieldsAndBadInstants(Class<? extends Event> type) {
        String event = type.getSimpleName();
        ObjectNode extra = sample(event);
        extra.put("amountt", 1);
        assertThat(EventSchemas.validate(event, extra.toString())).singleElement().asString().contains("amountt");

        ObjectNode badTime = sample(event);
        badTime.put("occurredAt", "2026-11-25 10:15");
        assertThat(EventSchemas.validate(event, badTime.toString())).singleElement().asString().contains("date-time");

        ObjectNode epoch = sample(event);
        epoch.put("occurredAt", 1764065730);
        assertThat(EventSchemas.validate(event, epoch.toString())).isNotEmpty();
    }

    @Test
    void rejectsNonPositiveAmountsUnknownEnumsAndStringNumbers() {
        ObjectNode zero = sample("Transaction");
        zero.put("amount", 0);
        assertThat(EventSchemas.validate("Transaction", zero.toString())).singleElement().asString().contains("amount");

        ObjectNode type = sample("Transaction");
        type.put("type", "CASH");
        assertThat(EventSchemas.validate("Transaction", type.toString())).singleElement().asString().contains("type");

        ObjectNode text = sample("InvoiceIssued");
        text.put("amount", "13.88");
        assertThat(EventSchemas.validate("InvoiceIssued", text.toString())).singleElement().asString()
                .contains("amount");

        ObjectNode status = sample("StationStatusChanged");
        status.put("status", "BROKEN");
        assertThat(EventSchemas.validate("StationStatusChanged", status.toString())).isNotEmpty();
    }

    @Test
    void nestedTransactionAndLocationAreCheckedToo() {
        ObjectNode verdict = sample("TransactionVerdict");
        ((ObjectNode) verdict.get("transaction")).remove("amount");
        assertThat(EventSchemas.validate("TransactionVerdict", verdict.toString())).singleElement().asString()
                .contains("amount");

        ObjectNode status = sample("StationStatusChanged");
        ((ObjectNode) status.get("location")).put("lat", 123.0);
        assertThat(EventSchemas.validate("StationStatusChanged", status.toString())).singleElement().asString()
                .contains("lat");
    }

    @Test
    void optionalFieldsMayBeNullOrAbsent() {
        ObjectNode tx = sample("Transaction");
        tx.remove("invoiceId");
        tx.putNull("location");
        tx.putNull("terminalId");
        assertThat(EventSchemas.validate("Transaction", tx.toString())).isEmpty();

        ObjectNode first = sample("StationStatusChanged");
        first.putNull("previous");
        assertThat(EventSchemas.validate("StationStatusChanged", first.toString())).isEmpty();
    }

    @Test
    void aNewRecordIsValidAsTheServicesWriteIt() {
        TransactionVerdict approved = new TransactionVerdict("verdict-tx-1", "tx-1", "acc-0001", Verdict.APPROVED,
                null, EventSamples.read(Transaction.class), java.time.Instant.now());

        assertThat(EventSchemas.validate(approved)).isEmpty();
        assertThat(EventJson.tree(EventJson.write(approved)).get("reasons").isArray()).isTrue();
    }

    private static ObjectNode sample(String event) {
        return (ObjectNode) EventJson.tree(EventSamples.json(event));
    }

    private static JsonNode schemaJson(String event) {
        try (var in = SchemasTest.class.getResourceAsStream("/schemas/" + event + ".schema.json")) {
            return EventJson.mapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
