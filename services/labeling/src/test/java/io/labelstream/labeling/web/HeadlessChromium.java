package io.labelstream.labeling.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and ChromeDriver (Debian packages chromium and chromium-driver), headless, with a fresh
 * profile that is removed on close. CHROMIUM and CHROMEDRIVER name other binaries; nothing is downloaded.
 */
final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(final ChromeDriver driver, final Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static HeadlessChromium start() throws IOException {
        final Path profile = Files.createTempDirectory("labelstream-chromium-");
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("CHROMIUM", "chromium"));
        // Without the background-networking switches Chromium keeps calling home, which a closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", "--user-data-dir=" + profile);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("CHROMEDRIVER", "chromedriver")).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File executable(final String variable, final String name) {
        return Optional.ofNullable(System.getenv(variable)).map(File::new)
                .or(() -> Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(directory -> new File(directory, name)).filter(File::canExecute).findFirst())
                .orElseThrow(() -> new IllegalStateException(name + " is not installed (Debian packages chromium "
                        + "and chromium-driver; ./labelstream test installs them), nor named by " + variable));
    }
}
