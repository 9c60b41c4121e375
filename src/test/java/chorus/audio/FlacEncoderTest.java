package chorus.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our FLAC, decoded by ffmpeg, gives back exactly the 24-bit samples we meant, with no decoder complaint. */
class FlacEncoderTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 4096, 4096 * 3 + 7, 100_000})
  void ffmpegDecodesOurFlacBitExactly(int length) throws Exception {
    Random random = new Random(length);
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      double t = i / 48_000.0;
      x[i] = (float) (i < length / 3 ? 0.5 * Math.sin(2 * Math.PI * 440 * t)      // tonal: high orders win
          : i < 2 * length / 3 ? random.nextGaussian() * 0.3                       // noise: order 0, big parameters
          : i % 997 == 0 ? 1.5 : 0);                                               // near-silence and overs (clamped)
    }
    Path dir = Files.createDirectories(TakeFixtures.DIR);
    Path raw = dir.resolve("flac-" + length + ".f32");
    TakeFixtures.write(raw, x);
    Path flac = dir.resolve("flac-" + length + ".flac");
    double gainDb = -2;
    try (FileChannel in = FileChannel.open(raw, StandardOpenOption.READ);
         OutputStream out = new BufferedOutputStream(Files.newOutputStream(flac))) {
      FlacEncoder.encode(in, 0, length, gainDb, out);
    }
    Path decoded = dir.resolve("flac-" + length + ".s32");
    String log = TakeFixtures.ffmpeg(List.of("-v", "warning", "-i", flac.toString(), "-f", "s32le", "-c:a", "pcm_s32le", decoded.toString()));
    assertThat(log).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("mismatch");
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(decoded)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.remaining()).isEqualTo(length * 4);
    float g = (float) Math.pow(10, gainDb / 20);
    int max = (1 << 23) - 1;
    for (int i = 0; i < length; i++) {
      float v = x[i] * g * max;
      int expected = v >= max ? max : v <= -max - 1 ? -max - 1 : Math.round(v);
      int got = b.getInt() >> 8;
      if (got != expected) throw new AssertionError("sample " + i + " of " + length + ": " + got + " != " + expected);
    }
  }
}
