package io.labelstream.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every labelstream service exposes besides its own API: Prometheus metrics and an OpenAPI description.
 * A service's {@code @QuarkusTest} extends this and names itself.
 */
public abstract class ServiceEndpointsContract {

    /** The service's short name, as in its OpenAPI title "labelstream NAME". */
    protected abstract String serviceName();

    @Test
    void shouldExposePrometheusMetrics() {
        // Prometheus asks for the text format; without it the registry answers OpenMetrics
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void shouldDescribeItsApiInOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("info.title", is("labelstream " + serviceName()));
    }
}
