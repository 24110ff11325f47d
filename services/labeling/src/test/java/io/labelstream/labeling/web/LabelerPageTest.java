package io.labelstream.labeling.web;

import static io.labelstream.labeling.Api.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** A labeler works through a project in a real headless Chromium against the real service. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class LabelerPageTest extends BrowserTest {

    private static final String HOSTILE_MAIL =
            "Subject: <img src=x onerror=\"window.injected=true\"> win <script>window.injected=true</script>";

    @TestHTTPResource("/")
    URL page;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void freshPage() {
        openLoggedOut(page);
    }

    @Test
    void shouldLetALabelerAnswerByHotkeyAndByClickAndShowHostileTextAsText() throws SQLException {
        final String project = textProject();
        addTextItem(project, "hostile", HOSTILE_MAIL, 0.9);
        addTextItem(project, "plain", "Dear team, the meeting moves to Friday.", 0.5);
        final String labeler = Api.newLabeler("web");

        logIn(labeler, Api.LABELER_PASSWORD);
        openProject(project);

        final WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-text")));
        assertThat(text.getText()).isEqualTo(HOSTILE_MAIL);
        assertThat(text.findElements(By.cssSelector("*"))).isEmpty();
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("instructions")).findElements(By.tagName("strong")))
                .extracting(strong -> strong.getDomProperty("textContent")).containsExactly("spam");

        new Actions(browser).sendKeys("s").perform();
        wait.until(ExpectedConditions.textToBe(By.id("item-text"), "Dear team, the meeting moves to Friday."));
        browser.findElement(By.cssSelector("#labels button[data-label='ham']")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), "Your answers: 2"));
        assertThat(browser.executeScript("return window.injected === undefined")).isEqualTo(true);
        assertThat(answers(project)).containsExactly(
                Map.entry("hostile", "submitted:spam"), Map.entry("plain", "submitted:ham"));
    }

    @Test
    void shouldShowAnImageItemAndSkipItWithAFlag() throws SQLException, IOException {
        final String project = Api.imageProject("web-img");
        admin().body(Map.of("itemId", "picture", "imagePng", greyPng())).post("/api/v1/projects/" + project + "/tasks")
                .then().statusCode(201);
        logIn(Api.newLabeler("web"), Api.LABELER_PASSWORD);
        openProject(project);

        final WebElement image = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-image")));
        assertThat(image.getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat((Boolean) browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth === 28",
                image)).isTrue();
        assertThat(browser.findElement(By.id("item-text")).isDisplayed()).isFalse();

        new Select(browser.findElement(By.id("flag-reason")))
                .selectByValue("unclear");
        browser.findElement(By.id("flag-comment")).sendKeys("too blurry");
        browser.findElement(By.id("skip")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
        assertThat(answers(project)).containsExactly(Map.entry("picture", "skipped:unclear"));
    }

    @Test
    void shouldRefuseAWrongPasswordWithAMessageAndNoBrowserDialog() {
        final String labeler = Api.newLabeler("web");

        logIn(labeler, "not-the-password");

        final WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("The user name or the password is not right.");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        given().header("X-Requested-With", "labelstream").auth().preemptive().basic(labeler, "not-the-password")
                .post("/api/v1/sessions").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"labelstream\""));
    }

    @Test
    void shouldSendALabelerWithAnEndedSessionBackToTheLogInForm() {
        browser.executeScript("sessionStorage.setItem('labelstream.session', 'revoked-token')");
        browser.navigate().refresh();

        final WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("Your session has ended");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(browser.executeScript("return sessionStorage.getItem('labelstream.session')")).isNull();
    }

    private void openProject(final String project) {
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#project-list button[data-project='" + project + "']"))).click();
    }

    private static String textProject() {
        final String id = "web-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(id, 1, 1, 0.9, 0));
        return id;
    }

    private static void addTextItem(final String project, final String itemId, final String text,
            final double priority) {
        admin().body(Map.of("itemId", itemId, "text", text, "priority", priority))
                .post("/api/v1/projects/" + project + "/tasks").then().statusCode(201);
    }

    private static String greyPng() throws IOException {
        final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** Item id to "status:label-or-skip-reason" of every assignment in the project, by item id. */
    private Map<String, String> answers(final String project) throws SQLException {
        final Map<String, String> answers = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT t.item_id, a.status, coalesce(a.label, a.skip_reason) AS outcome
                     FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                     WHERE a.project_id = ? ORDER BY t.item_id""")) {
            query.setString(1, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    answers.put(rows.getString(1), rows.getString(2) + ":" + rows.getString(3));
                }
            }
        }
        return answers;
    }
}
