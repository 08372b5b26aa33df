package dev.voltstream.notification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.voltstream.testkit.EventJson;
import io.restassured.mapper.ObjectMapper;
import io.restassured.mapper.ObjectMapperDeserializationContext;
import io.restassured.mapper.ObjectMapperSerializationContext;

/** REST Assured body mapping with the event JSON settings (java.time as ISO strings, records). */
final class RestAssuredEventJson implements ObjectMapper {
    static final RestAssuredEventJson MAPPER = new RestAssuredEventJson();

    @Override
    public Object deserialize(ObjectMapperDeserializationContext context) {
        try {
            return EventJson.mapper().readValue(context.getDataToDeserialize().asString(),
                    EventJson.mapper().constructType(context.getType()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unexpected response body", e);
        }
    }

    @Override
    public Object serialize(ObjectMapperSerializationContext context) {
        return EventJson.write(context.getObjectToSerialize());
    }
}
