package io.labelstream.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every labelstream service exposes besides its own API: liveness, readiness with its checks, Prometheus
 * metrics and an OpenAPI description. A service's {@code @QuarkusTest} extends this and names itself and its checks.
 */
public abstract class ServiceEndpointsContract {

    /** The service's short name, as in its OpenAPI title "labelstream NAME". */
    protected abstract String serviceName();

    /** The names of the readiness checks the service must report, all UP. */
    protected abstract List<String> readinessChecks();

    @Test
    void shouldReportLive() {
        given().when().get("/q/health/live")
                .then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void shouldReportReadyWithEveryCheckUp() throws InterruptedException {
        // background parts (a Streams app joining its group, a first poll) may need a few seconds after start-up
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (given().when().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems(readinessChecks().toArray(String[]::new)))
                .body("checks.status", everyItem(is("UP")));
    }

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
