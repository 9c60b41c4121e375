package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.db.Database;
import chorus.support.FanClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The fan page's privacy parts in Chromium: a name the console rejected is asked for again (in the page's
 * language) until the fan makes an artwork with another one; the footer links the privacy notice and terms in
 * the page's language; "download my data" fetches the ZIP.
 */
class PrivacyBrowserTest {
  static Site site;

  @BeforeAll
  static void start() {
    Browser.requireChromium();
    site = Site.start();
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  @Test
  void aRejectedNameIsAskedForAgainAndTheFooterLeadsToThePrivacyNoticeAndTheExport() {
    FanClient fan = new FanClient(site.app.client);
    String name = "Rejected " + UUID.randomUUID().toString().substring(0, 6);
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription("privacy-" + UUID.randomUUID() + "@example.com", name)
        .put("lang", "de")).statusCode()).isEqualTo(201);
    var made = fan.post("/api/fan/artwork", new JsonObject().put("name", name).put("team", "aurora").put("lang", "de"));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    Pool pool = Database.pool(site.app.vertx, site.app.config);
    pool.preparedQuery("UPDATE artworks SET name_status = 'rejected', withdrawn_at = now() WHERE share_id = $1")
        .execute(Tuple.of(made.bodyAsJsonObject().getString("shareId"))).await();

    try (Browser b = Browser.start("de", true)) {
      b.driver.get(site.base());
      FanJourneyBrowserTest.waitReady(b);
      b.js("localStorage.setItem('chorus.fanId', arguments[0]); localStorage.setItem('chorus.lang', 'de')", fan.token);
      b.driver.navigate().refresh();
      FanJourneyBrowserTest.waitReady(b);

      b.waitFor("the rejected name to be pointed out", d -> b.el("name-rejected").isDisplayed());
      b.waitText("name-rejected", FanJourneyBrowserTest.t("de", "nameRejected"));
      assertThat(b.el("name").getAttribute("aria-invalid")).isEqualTo("true");

      // the footer, in the page's language
      assertThat(b.el("privacy-link").getAttribute("href")).endsWith("/privacy?lang=de");
      assertThat(b.el("terms-link").getAttribute("href")).endsWith("/terms?lang=de");
      b.el("export-data").click();
      b.waitText("export-status", FanJourneyBrowserTest.t("de", "exportReady"));

      // another name: the artwork is made and the request goes away
      b.el("name").clear();
      b.el("name").sendKeys("Accepted " + UUID.randomUUID().toString().substring(0, 6));
      b.el("join-submit").click();
      b.waitFor("the request for another name to go", d -> !b.el("name-rejected").isDisplayed());

      b.el("privacy-link").click();
      b.waitFor("the privacy notice", d -> d.findElement(By.tagName("h1")).getText().equals("Datenschutzhinweis"));
      assertThat(b.driver.getPageSource()).contains("privacy@agency.example");
    }
  }
}
