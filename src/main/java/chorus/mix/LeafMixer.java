package chorus.mix;

import chorus.audio.Decoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A leaf of the mix: a bounded batch of takes summed into one stereo 32-bit float submix of the song's exact
 * length. The FLACs are decoded by one ffmpeg process and added one take at a time in list order (so the sum
 * is the same bytes on every run); memory is the submix plus one take.
 */
public final class LeafMixer {
  private LeafMixer() {}

  /**
   * @param takes      the batch, in the plan's order
   * @param files      their producer FLACs, same order
   * @param songSamples length of the song in samples per channel
   * @param voiceGain  the gain every voice gets for the stem's total take count (1/&radic;N)
   */
  public static Submix mix(List<MixTake> takes, List<Path> files, int songSamples, double voiceGain, Path workDir,
                           long timeoutSeconds) throws IOException {
    if (takes.size() != files.size()) throw new IllegalArgumentException("one file per take");
    Submix out = new Submix(songSamples);
    float[][] take = {new float[Decoder.RATE * 10]};
    int[] state = {0, 0}; // current file, samples collected
    Decoder.bundled().decodeFlacs(files, workDir, timeoutSeconds, (file, block, count) -> {
      if (file != state[0]) {
        place(out, takes.get(state[0]), take[0], state[1], voiceGain);
        state[0] = file;
        state[1] = 0;
      }
      if (state[1] + count > take[0].length) {
        take[0] = java.util.Arrays.copyOf(take[0], Math.max(take[0].length * 2, state[1] + count));
      }
      System.arraycopy(block, 0, take[0], state[1], count);
      state[1] += count;
    });
    if (!takes.isEmpty()) place(out, takes.get(state[0]), take[0], state[1], voiceGain);
    return out;
  }

  /** Level match, fades, pan and voice gain applied to one decoded take, added into the submix. */
  static void place(Submix out, MixTake t, float[] x, int n, double voiceGain) {
    if (n == 0) return;
    double g = Voice.match(x, n) * voiceGain;
    if (g == 0) return;
    Voice.fade(x, n);
    double[] lr = Voice.equalPower(Voice.pan(t.id()));
    out.add(x, n, t.startSample(), (float) (g * lr[0]), (float) (g * lr[1]));
  }
}
