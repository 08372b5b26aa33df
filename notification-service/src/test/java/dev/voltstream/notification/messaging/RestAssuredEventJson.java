package dev.voltstream.notification.messaging;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.voltstream.notification.service.NotificationPage;
import dev.voltstream.notification.service.NotificationView;
import dev.voltstream.testkit.EventJson;
import io.restassured.mapper.ObjectMapper;
import io.restassured.mapper.ObjectMapperDeserializationContext;
import io.restassured.mapper.ObjectMapperSerializationContext;
import java.util.List;

/** REST Assured body mapping with the event JSON settings (java.time as ISO strings, records). */
final class RestAssuredEventJson implements ObjectMapper {
    static final RestAssuredEventJson MAPPER = new RestAssuredEventJson();

    /** The account's notifications through the REST API (up to 200, newest first). */
    static List<NotificationView> notificationsOf(String accountId) {
        return given().queryParam("accountId", accountId).queryParam("size", 200)
                .when().get("/api/notifications")
                .then().statusCode(200)
                .extract().as(NotificationPage.class, MAPPER).items();
    }

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
