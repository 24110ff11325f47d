package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Images that admins queue directly are held to ingest's rules: what is no image never reaches a labeler. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class QueuedImageTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldRefuseWhatIsNoImageAsTaskOrGoldWithIngestsReasonCode() {
        final String project = Api.imageProject("img");
        final String svg = base64("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        final Map<String, String> notImages = Map.of("svg", svg, "markup", "x\" onerror=\"alert(3)",
                "text", base64("just some text"));

        notImages.forEach((name, content) -> {
            admin().body(Map.of("itemId", name, "imagePng", content)).post("/api/v1/projects/" + project + "/tasks")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors", hasItem(containsString("imagePng: ")));
            admin().body(Map.of("itemId", name, "imagePng", content, "answer", "Bag"))
                    .post("/api/v1/projects/" + project + "/gold").then().statusCode(422);
        });
        admin().body(Map.of("itemId", "svg", "imagePng", svg)).post("/api/v1/projects/" + project + "/tasks")
                .then().body("errors[0]", containsString("UNDECODABLE_IMAGE"));
    }

    @Test
    void shouldQueueAJpegAsThePngOfTheProjectsSizeAndChannelsAsIngestWould() throws Exception {
        final String project = Api.imageProject("img");
        final BufferedImage photo = new BufferedImage(56, 40, BufferedImage.TYPE_INT_RGB);
        final ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpeg", jpeg);

        admin().body(Map.of("itemId", "photo", "imagePng", Base64.getEncoder().encodeToString(jpeg.toByteArray())))
                .post("/api/v1/projects/" + project + "/tasks").then().statusCode(201);

        final BufferedImage stored = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                storedImage(project, "photo"))));
        assertThat(stored.getWidth()).isEqualTo(28);
        assertThat(stored.getHeight()).isEqualTo(28);
        assertThat(stored.getColorModel().getNumComponents()).isEqualTo(1);
    }

    private String storedImage(final String project, final String itemId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("SELECT image_png FROM labeling.task WHERE project_id = ? AND item_id = ?")) {
            statement.setString(1, project);
            statement.setString(2, itemId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static String base64(final String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
