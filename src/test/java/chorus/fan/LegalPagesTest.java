package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The privacy notice and the contest terms from the campaign file, in the language asked for. */
class LegalPagesTest {
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void thePrivacyNoticeNamesTheControllerWhatIsKeptHowLongAndTheContact() {
    var r = app.client.get("/privacy?lang=de").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    String html = r.bodyAsString();
    assertThat(html).contains("<html lang=\"de\" dir=\"ltr\">", "<h1>Datenschutzhinweis</h1>",
        "Demo Agency Ltd (fictional), 1 Example Street, 10115 Berlin, Germany",
        "<a href=\"mailto:privacy@agency.example\">privacy@agency.example</a>", "/terms?lang=de");
    // the period: the console's setting when there is one, else the contest's end and the file's suggestion
    assertThat(html).containsPattern("\\d{4}-\\d{2}-\\d{2}").doesNotContain("{endDate}", "{deleteBy}", "{retentionDays}", "{controller}");
  }

  @Test
  void theLanguageComesFromTheQueryElseAcceptLanguage() {
    assertThat(app.client.get("/privacy").putHeader("Accept-Language", "fr-FR,fr;q=0.9").send().await().bodyAsString())
        .contains("<h1>Politique de confidentialité</h1>");
    assertThat(app.client.get("/privacy?lang=xx").putHeader("Accept-Language", "ja").send().await().bodyAsString())
        .contains("<html lang=\"ja\"");
    assertThat(app.client.get("/privacy?lang=ar").send().await().bodyAsString()).contains("<html lang=\"ar\" dir=\"rtl\">");
  }

  @Test
  void theTermsPageShowsTheContestTermsAndTheirVersion() {
    var r = app.client.get("/terms?lang=en").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("<h1>Contest terms</h1>", "Demo contest: one entry per email address.", "2026-11-01",
        "/privacy?lang=en");
  }

  @Test
  void headAnswersWithoutABody() {
    for (String path : new String[] {"/privacy?lang=en", "/terms"}) {
      var r = app.client.request(HttpMethod.HEAD, path).send().await();
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(r.body() == null || r.body().length() == 0).isTrue();
    }
  }
}
