package io.labelstream.labeling;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Logged-in request builders for tests: the bootstrap admin, and labelers created on demand. */
public final class Api {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String LABELER_PASSWORD = "labeler-password";

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(final String username) {
        return given().auth().preemptive().basic(username, LABELER_PASSWORD).contentType(ContentType.JSON);
    }

    public static RequestSpecification bearer(final String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A new labeler with a unique name; returns the username. */
    public static String newLabeler(final String prefix) {
        final String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("username", username, "password", LABELER_PASSWORD, "role", "labeler"))
                .post("/api/v1/accounts").then().statusCode(201);
        return username;
    }

    /** A session token for the labeler, so that tests skip bcrypt on every request as real clients do. */
    public static String session(final String username) {
        return as(username).post("/api/v1/sessions").then().statusCode(201).extract().path("token");
    }

    /** A text project with the given id and redundancy. */
    public static Map<String, Object> textProject(final String id, final int min, final int max, final double target,
            final double goldRate) {
        return Map.of(
                "id", id,
                "name", "Test " + id,
                "kind", "text",
                "labels", java.util.List.of(
                        Map.of("name", "ham", "description", "wanted mail", "hotkey", "h"),
                        Map.of("name", "spam", "description", "unwanted mail", "hotkey", "s")),
                "instructions", "Is it **spam**?",
                "redundancy", Map.of("minLabelers", min, "maxLabelers", max, "agreementTarget", target),
                "routing", Map.of("autoLabelThreshold", 0.95, "qaSampleRate", 0.0, "uncertaintyMeasure", "margin"),
                "goldRate", goldRate,
                "training", Map.of("retrainEveryLabels", 100, "promotionMargin", 0.01, "trainOnAutoLabels", false));
    }

    /** A new image project (Fashion-MNIST's 28x28 grey) with a unique id starting with the prefix; returns the id. */
    public static String imageProject(final String prefix) {
        final String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        final Map<String, Object> project = new java.util.LinkedHashMap<>(textProject(id, 1, 1, 0.9, 0));
        project.put("kind", "image");
        project.put("labels", java.util.List.of(Map.of("name", "Trouser", "hotkey", "1"),
                Map.of("name", "Bag", "hotkey", "8")));
        project.put("image", Map.of("width", 28, "height", 28, "channels", 1));
        createProject(project);
        return id;
    }

    public static void createProject(final Map<String, Object> project) {
        admin().body(project).put("/api/v1/projects/" + project.get("id")).then().statusCode(201);
    }
}
