package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.Audio;
import chorus.support.Containers;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The type check parses the container far enough to know the file is audio, not just its first bytes. */
class AudioSnifferTest {

  static String detect(byte[] file) {
    byte[] head = file.length > AudioSniffer.BYTES_NEEDED ? java.util.Arrays.copyOf(file, AudioSniffer.BYTES_NEEDED) : file;
    return AudioSniffer.detect(Buffer.buffer(head));
  }

  @Test
  void audioInEachSupportedContainerIsRecognised() {
    assertThat(detect(Containers.webmAudio(5000))).isEqualTo("audio/webm");
    assertThat(detect(Containers.webm("matroska", 5000, 2))).isEqualTo("audio/webm");
    assertThat(detect(Containers.ogg("opus", 5000))).isEqualTo("audio/ogg");
    assertThat(detect(Containers.ogg("vorbis", 5000))).isEqualTo("audio/ogg");
    assertThat(detect(Containers.mp4("M4A ", 5000, "soun"))).isEqualTo("audio/mp4");
    assertThat(detect(Containers.mp4("M4A ", 5000))).as("an M4A whose moov is at the end").isEqualTo("audio/mp4");
    assertThat(detect(Containers.mp4("isom", 5000, "soun"))).as("a generic brand with only a sound track").isEqualTo("audio/mp4");
    assertThat(detect(Containers.mp3(true, 5000))).isEqualTo("audio/mpeg");
    assertThat(detect(Containers.mp3(false, 100_000))).isEqualTo("audio/mpeg");
    assertThat(detect(Audio.wav(1.0, 440))).isEqualTo("audio/wav");
  }

  @Test
  void videoAndImagesRenamedAsAudioAreRefused() {
    assertThat(detect(Containers.webm("webm", 5000, 1, 2))).as("WebM with a video track").isNull();
    assertThat(detect(Containers.webm("webm", 5000, 1))).as("WebM video only").isNull();
    assertThat(detect(Containers.webm("webm", 5000))).as("WebM without tracks").isNull();
    assertThat(detect(Containers.webm("notwebm", 5000, 2))).as("another EBML document").isNull();
    assertThat(detect(Containers.ogg("theora", 5000))).as("Ogg Theora video").isNull();
    assertThat(detect(Containers.mp4("isom", 5000, "vide", "soun"))).as("MP4 video with sound").isNull();
    assertThat(detect(Containers.mp4("mp42", 5000, "vide"))).isNull();
    assertThat(detect(Containers.mp4("M4V ", 5000))).as("an M4V brand").isNull();
    assertThat(detect(Containers.mp4("isom", 5000))).as("a generic brand whose tracks cannot be seen").isNull();
    assertThat(detect(Containers.png(5000))).isNull();
    assertThat(detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'})).as("JPEG").isNull();
    assertThat(detect("<html><body>".getBytes())).isNull();
    assertThat(detect(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1})).as("16 magic bytes are not enough").isNull();
    assertThat(detect("OggS\0\2".getBytes())).isNull();
    assertThat(detect("RIFF\0\0\0\0WAVE".getBytes())).isNull();
    assertThat(detect("RIFF\0\0\0\0AVI LIST".getBytes())).as("AVI").isNull();
    assertThat(detect("ID3\4\0\0\0\0\0\0<html>".getBytes())).as("an ID3 tag without frames").isNull();
  }

  @Test
  void truncatedAndHostileHeadersNeverThrow() {
    java.util.Random random = new java.util.Random(10);
    byte[][] seeds = {Containers.webmAudio(600), Containers.ogg("opus", 600), Containers.mp4("M4A ", 600, "soun"), Containers.mp3(true, 600),
        Audio.wav(0.01, 440)};
    for (byte[] seed : seeds) {
      for (int cut = 0; cut < seed.length; cut += 7) detect(java.util.Arrays.copyOf(seed, cut));
      for (int i = 0; i < 300; i++) {
        byte[] b = seed.clone();
        for (int j = 0; j < 5; j++) b[4 + random.nextInt(b.length - 4)] = (byte) random.nextInt(256);
        String type = detect(b);
        assertThat(type).isIn(null, "audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav");
      }
    }
  }
}
