package io.labelstream.labeling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.labelstream.labeling.Api;
import io.labelstream.labeling.StubInference;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.labeling.TrainingHistory;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An admin watches a project's training and models on the operations page, in a real headless Chromium. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
@WithTestResource(StubInference.class)
class OperationsPageTest extends BrowserTest {


    @TestHTTPResource("/operations.html")
    URL page;


    @BeforeEach
    void freshPage() {
        openLoggedOut(page);
    }

    @Test
    void shouldShowLiveTrainingProgressEpochCurvesAndTheChampion() {
        final String project = "ops-web-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        TrainingHistory.publish(project);

        openBoardOf(project);

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#decisions tbody tr"), 3));
        assertThat(browser.findElement(By.id("run-status")).getText())
                .contains("run " + TrainingHistory.RUN + ": running", "epoch 3/4", "batch 5/10", "about 2 min left");
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr")))
                .extracting(row -> row.findElements(By.tagName("td")).stream().skip(1).map(WebElement::getText)
                        .toList())
                .containsExactly(
                        List.of("schedule", "skipped", "run " + TrainingHistory.RUN + " holds the project"),
                        List.of("retrain-request", "coalesced", "retrain request (live accuracy 0.70) waits for the"
                                + " follow-up run after run " + TrainingHistory.RUN),
                        List.of("admin", "run queued", "queued by admin on ds-2"));
        assertThat(browser.findElement(By.id("run-progress")).getDomProperty("value")).isEqualTo("0.625");
        assertThat(browser.findElement(By.id("champion")).getText())
                .contains("Champion: v2", "promoted: beats v1 by 0.07", "live accuracy 0.70");
        final List<WebElement> models = browser.findElements(By.cssSelector("#models tbody tr"));
        assertThat(models).extracting(row -> row.findElement(By.tagName("td")).getText())
                .containsExactly("v1", "v2", "v3");
        assertThat(models.get(1).getAttribute("class")).isEqualTo("champion");
        assertThat(models.get(1).getText()).contains("88.0%", "promoted: beats v1 by 0.07");
        for (final String plot : List.of("plot-epochs", "plot-models")) {
            assertThat(browser.findElements(By.cssSelector("#" + plot + " .uplot canvas"))).as(plot).hasSize(1);
        }
        assertThat(browser.findElement(By.id("plot-labels")).getText()).isEqualTo("No final labels yet.");
    }

    @Test
    void shouldShowWhyAModelWasNotPromotedWithBothScoresOnTheSameTestSplit() {
        final String project = "ops-web-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        TrainingHistory.publish(project);

        openBoardOf(project);

        final By v3Promotion = By.cssSelector("#models tbody tr:nth-child(3) td:nth-child(8)");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(v3Promotion, "not promoted"));
        assertThat(browser.findElement(v3Promotion).getText())
                .isEqualTo("not promoted: 0.862 vs champion 0.871 on the same test split (-0.009)");
        assertThat(browser.findElement(By.cssSelector("#models tbody tr:nth-child(3)")).getAttribute("class"))
                .isEmpty();
        assertThat(browser.findElement(By.id("champion")).getText()).contains("Champion: v2");
    }

    @Test
    void shouldShowWhyARunFailed() {
        final String project = "ops-web-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        TrainingHistory.publishDivergedRun(project);

        openBoardOf(project);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "failed"));
        assertThat(browser.findElement(By.id("run-status")).getText()).contains(
                "run " + TrainingHistory.RUN + ": failed (diverged)",
                "training diverged at epoch 1, batch 2: the loss is NaN");
    }

    @Test
    void shouldShowLiveAccuracyOnTheQaSampleWithItsIntervalNextToTestAccuracyAndUncertainItemsApart() {
        // the API test may have defined the project already in this same application
        Api.admin().body(Api.textProject(StubInference.PROJECT, 1, 1, 0.9, 0))
                .put("/api/v1/projects/" + StubInference.PROJECT).then().statusCode(anyOf(is(200), is(201)));

        openBoardOf(StubInference.PROJECT);

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#live tbody tr"), 2));
        final WebElement champion = browser.findElement(By.cssSelector("#live tbody tr.champion"));
        final List<String> cells = champion.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells).containsExactly("v2", "88.0%", "70.0% (52.1–83.3%)", "30", "50.0% (39.9–60.1%)",
                "95.0% (76.4–99.1%)", "yes");
        assertThat(browser.findElement(By.cssSelector("#live thead")).getText())
                .contains("live accuracy (QA sample)", "accuracy on uncertain items");
    }

    @Test
    void shouldTellALabelerThatTheDashboardIsForAdmins() {
        final String labeler = Api.newLabeler("ops-web");

        logIn(labeler, Api.LABELER_PASSWORD);

        final WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(problem.getText()).contains("for admins");
        assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
    }

    /** Logs in as the admin and shows the project's board. */
    @Test
    void shouldFitEveryTableInItsPanelAt1280Pixels() {
        boardWithModelsAt(new Dimension(1280, 900));

        assertThat(overflowingTables()).as("tables wider than their panel").isEmpty();
    }

    @Test
    void shouldFitThePageOnAPhone() {
        boardWithModelsAt(new Dimension(390, 844));

        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("the page is no wider than the phone").isTrue();
    }

    private void boardWithModelsAt(final Dimension window) {
        final String project = "ops-web-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        TrainingHistory.publish(project);
        browser.manage().window().setSize(window);
        openBoardOf(project);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#models tbody tr"), 3));
    }

    @AfterEach
    void defaultWindow() {
        browser.manage().window().setSize(new Dimension(1200, 900));
    }

    @SuppressWarnings("unchecked")
    private List<String> overflowingTables() {
        return (List<String>) browser.executeScript("""
                return [...document.querySelectorAll('.panel table')]
                  .filter((table) => table.getBoundingClientRect().right
                      > table.closest('.panel').getBoundingClientRect().right + 1)
                  .map((table) => table.id);""");
    }

    private void openBoardOf(final String project) {
        logIn("admin", Api.ADMIN_PASSWORD);
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("project"))))
                .selectByValue(project);
    }
}
