package chorus.fan;

import chorus.campaign.Names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Failure;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void everyFixtureNameGetsWhatItMust() throws Exception {
    List<JsonObject> all = chorus.support.Fixtures.fanNames();
    assertThat(all).hasSizeGreaterThan(30);
    for (JsonObject f : all) {
      String name = f.getString("name");
      if (f.getString("expect").equals("reject")) {
        assertThatThrownBy(() -> Names.clean("name", name)).as(f.getString("script"))
            .isInstanceOfSatisfying(Failure.class, p -> assertThat(p.extensions().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name"));
      } else {
        assertThat(Names.clean("name", name)).as(f.getString("script")).isEqualTo(Normalizer.normalize(name.strip(), Normalizer.Form.NFC));
      }
    }
  }

  @Test
  void namesAreTrimmedAndNormalisedToNfc() {
    assertThat(Names.clean("name", "  Zoe\u0308  ")).isEqualTo("Zoë");
  }

  @Test
  void lengthCountsUserPerceivedCharacters() {
    String stacked = "Ệ".repeat(Names.MAX_CHARACTERS);
    assertThat(Names.clean("name", Normalizer.normalize(stacked, Normalizer.Form.NFD))).hasSize(Names.MAX_CHARACTERS);
    assertThatThrownBy(() -> Names.clean("name", "a".repeat(Names.MAX_CHARACTERS + 1))).isInstanceOf(Failure.class);
  }

  @Test
  void isolatesLineSeparatorsAndLoneSurrogatesAreRefused() {
    for (String bad : List.of("a\u2066b", "a\u2028b", "a\uD800b", "a\uFEFFb", "a\u202Db", "\uE000")) {
      assertThatThrownBy(() -> Names.clean("name", bad)).as(bad).isInstanceOf(Failure.class);
    }
  }

  @Test
  void joinersNeededByScriptsAndEmojiAreKept() {
    assertThat(Names.clean("name", "क्\u200Dष")).contains("\u200D");
    assertThat(Names.clean("name", "Ana 👩\u200D🎤")).endsWith("🎤");
  }

  @Test
  void emailsAreCheckedAndTheirDomainLowerCased() {
    assertThat(Emails.clean(" Fan.Name+tag@Example.COM ")).isEqualTo("Fan.Name+tag@example.com");
    assertThat(Emails.clean("x@bücher.de")).isEqualTo("x@xn--bcher-kva.de");
    for (String bad : List.of("plain", "a@b", "a@@b.com", "a b@c.com", "a@b.com\r\nBcc: x@y.z", ".a@b.com", "a@-b.com",
        "a".repeat(65) + "@b.com", "x@" + "d".repeat(250) + ".com")) {
      assertThatThrownBy(() -> Emails.clean(bad)).as(bad).isInstanceOf(Failure.class);
    }
  }

  @Test
  void audioIsRecognisedByItsMagicBytes() {
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1}))).isEqualTo("audio/webm");
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer("OggS\0\2"))).isEqualTo("audio/ogg");
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer("RIFF\0\0\0\0WAVEfmt "))).isEqualTo("audio/wav");
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer("\0\0\0\u0020ftypM4A "))).isEqualTo("audio/mp4");
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer("ID3\4\0"))).isEqualTo("audio/mpeg");
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer("<html><body>"))).isNull();
    assertThat(AudioSniffer.detect(io.vertx.core.buffer.Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))).isNull();
  }
}
