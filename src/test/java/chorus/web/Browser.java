package chorus.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (nothing is downloaded: the driver and
 * browser paths are given, so Selenium Manager is never asked). A fake microphone plays a tone. Each
 * instance has a fresh profile folder, removed on close. Paths can be overridden with CHORUS_CHROMIUM
 * and CHORUS_CHROMEDRIVER.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(env("CHORUS_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(env("CHORUS_CHROMEDRIVER", "/usr/bin/chromedriver"));

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips on a developer machine without Chromium (loudly); under CI=true a missing browser fails. */
  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) return;
    String msg = "BROWSER TESTS NOT RUN: " + CHROMIUM + " and " + DRIVER + " are needed (Debian: apt-get install -y chromium"
        + " chromium-driver, or run .ci/install-browser.sh). The fan website is NOT tested end to end on this machine.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
    String banner = "\n" + "!".repeat(100) + "\n" + msg + "\n" + "!".repeat(100) + "\n";
    System.err.println(banner);
    // surefire sends System.err to a report file; the process's own stderr reaches the console
    java.io.PrintStream console = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
    console.println(banner);
    Assumptions.abort(msg);
  }

  /** A browser whose preferred language is acceptLanguage; micAllowed=false blocks the microphone. */
  static Browser start(String acceptLanguage, boolean micAllowed) {
    return start(acceptLanguage, micAllowed, null);
  }

  /** As above, with a fake microphone that plays the given WAV file (16-bit PCM, looped) instead of its beep. */
  static Browser start(String acceptLanguage, boolean micAllowed, Path captureWav) {
    requireChromium();
    Path profile;
    try {
      profile = Files.createTempDirectory("chorus-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-device-for-media-stream", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=" + acceptLanguage);
    // the fake permission UI says yes to everything; without it, the blocked-microphone setting below answers
    if (micAllowed) o.addArguments("--use-fake-ui-for-media-stream");
    if (captureWav != null) o.addArguments("--use-file-for-fake-audio-capture=" + captureWav.toAbsolutePath());
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage,
        "profile.default_content_setting_values.media_stream_mic", micAllowed ? 1 : 2));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, o);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Browser(driver, profile);
  }

  WebElement el(String id) {
    return driver.findElement(By.id(id));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T waitFor(Duration timeout, String what, Function<WebDriver, T> condition) {
    // a page that re-renders can replace an element between finding and reading it: look again
    return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .withMessage(() -> what + "\n" + consoleLog()).until(condition);
  }

  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    return waitFor(Duration.ofSeconds(20), what, condition);
  }

  /** Waits until the element's text is exactly the expected text. */
  void waitText(String id, String expected) {
    waitFor("#" + id + " to read \"" + expected + "\" (it reads \"" + el(id).getText() + "\")", d -> expected.equals(el(id).getText().strip()));
  }

  /** Cuts (or restores) this tab's network, as a phone going through a tunnel would. */
  void offline(boolean off) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", off, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** Makes the viewport width x height (CSS px, like a phone when mobile) and returns the page's full height. */
  long viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    return (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
  }

  /** A PNG of the whole page at the given width, saved under target/screenshots. */
  Path screenshot(String name, int width, boolean mobile) throws IOException {
    long height = viewport(width, 800, mobile);
    viewport(width, (int) Math.min(height, 6000), mobile);
    js("window.scrollTo(0, 0)");
    Path dir = Files.createDirectories(Path.of("target/screenshots"));
    Path file = dir.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    viewport(width, 800, mobile);
    return file;
  }

  String consoleLog() {
    try {
      List<String> lines = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList();
      return lines.isEmpty() ? "(browser console empty)" : "browser console:\n  " + String.join("\n  ", lines);
    } catch (RuntimeException e) {
      return "(browser console not readable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove browser profile " + profile + ": " + e);
      }
    }
  }
}
