package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.RegistryInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): instances
 * appear and disappear on the page without a reload. Skipped where Chromium is not installed, except on CI.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(10);

    private RunningRegistry registry;
    private ChromeDriverService service;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(installed, "Debian's chromium and chromium-driver are not installed");
        }
        registry = RunningRegistry.start();
        profile = Files.createTempDirectory("dashboard-chromium-");
        // An explicit driver and browser: Selenium Manager is then never asked, so nothing is downloaded.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE_WAIT).scriptTimeout(PAGE_WAIT);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (profile != null) {
                deleteRecursively(profile);
            }
        }
    }

    @Test
    void aRegisteredInstanceAppearsWithoutAReloadAndGoesWhenItDeregisters() throws Exception {
        browser.get(registry.uri() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "0 services"));
        // Survives only as long as this very document does: a reload would drop it.
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");

        RegistryClient client = RegistryClient.create(registry.uri());
        client.register(new RegistryInstance("orders-1", "10.0.0.5", 9100, List.of("com.acme.Orders:2.0"), 42,
                Map.of("zone", "a"))).get(5, TimeUnit.SECONDS);
        client.register(new RegistryInstance("calc-1", "10.0.0.6", 9100,
                List.of("com.acme.Calculator", "com.acme.Orders:2.0"), 100, Map.of("zone", "b", "version", "1.4")))
                .get(5, TimeUnit.SECONDS);

        By row = By.cssSelector("section[data-service='com.acme.Orders:2.0'] tr[data-instance-id='orders-1']");
        WebElement instance = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(instance.findElement(By.cssSelector("td.address")).getText()).isEqualTo("10.0.0.5:9100");
        assertThat(instance.findElement(By.cssSelector("td.weight")).getText()).isEqualTo("42");
        assertThat(instance.findElement(By.cssSelector("td.metadata")).getText()).isEqualTo("zone=a");
        assertThat(instance.findElement(By.cssSelector("td.age")).getText()).matches("\\d+\\.\\d s ago");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "2 services, 2 instances"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;")).isEqualTo("yes");
        // For a person to look at after the build: what the dashboard showed.
        Files.write(Path.of("target", "dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

        client.deregister("orders-1").get(5, TimeUnit.SECONDS);

        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;")).isEqualTo("yes");
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
