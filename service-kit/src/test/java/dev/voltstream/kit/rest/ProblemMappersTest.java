package dev.voltstream.kit.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Every failure of a request is an RFC 9457 problem detail, an unexpected exception included. */
@QuarkusTest
class ProblemMappersTest {

    @Test
    void anUnexpectedExceptionIsA500ProblemThatDoesNotLeakInternals() {
        given().when().get("/kit-test/bug")
                .then().statusCode(500)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://voltstream.dev/problems/unexpected"))
                .body("title", equalTo("Internal Server Error"))
                .body("status", equalTo(500))
                .body("instance", equalTo("/kit-test/bug"))
                .body("detail", not(containsString("secret")));
    }

    @Test
    void aRefusalIsItsOwnProblem() {
        given().when().get("/kit-test/things/t-1")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://voltstream.dev/problems/not-found"))
                .body("detail", equalTo("no thing t-1"));
    }

    @Test
    void theFrameworksOwnErrorsAreProblemsWithTheirStatus() {
        given().when().get("/kit-test/nowhere")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("about:blank"));
        given().when().get("/kit-test/count/many")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }
}
