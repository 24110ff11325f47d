package io.labelstream.labeling.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The headers that lock the web surface down, on pages, scripts, API answers and errors alike: no inline script, no
 * framing, no MIME sniffing, no referrer, and no day-long caching that would keep a new release from browsers.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class SecurityHeadersTest {

    @Test
    void shouldSendTheSecurityHeadersOnPagesScriptsAndApiAnswers() {
        for (final String path : List.of("/", "/index.html", "/operations.html", "/labeler.js", "/session.js",
                "/webjars/uplot/dist/uPlot.esm.js", "/api/v1/projects", "/q/health/live")) {
            final Headers headers = given().get(path).then().extract().headers();
            assertThat(headers.getValue("Content-Security-Policy")).as(path)
                    .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(headers.getValue("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(headers.getValue("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            // health answers keep their own, stricter no-store
            assertThat(headers.getValues("Cache-Control")).as(path).containsExactly(
                    path.startsWith("/q/health") ? "no-store" : "no-cache");
        }
    }

    @Test
    void shouldStillAnswerAnUnchangedPageWithNotModified() {
        final String etag = given().get("/operations.html").then().statusCode(200).extract().header("ETag");
        final String lastModified = given().get("/operations.html").then().extract().header("Last-Modified");

        assertThat(etag != null || lastModified != null).as("a validator for revalidation").isTrue();
        if (etag != null) {
            given().header("If-None-Match", etag).get("/operations.html").then().statusCode(304);
        } else {
            given().header("If-Modified-Since", lastModified).get("/operations.html").then().statusCode(304);
        }
    }
}
