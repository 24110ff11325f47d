package io.labelstream.labeling.web;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One headless Chromium per test class; each test opens its page with an empty session. */
abstract class BrowserTest {

    private static HeadlessChromium chromium;

    protected ChromeDriver browser;
    protected WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        chromium.close();
    }

    protected void openLoggedOut(final URL page) {
        browser = chromium.driver();
        browser.get(page.toString());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    protected void logIn(final String username, final String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }
}
