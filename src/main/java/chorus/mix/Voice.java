package chorus.mix;

import chorus.audio.Decoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * What the mix does to one take besides moving it in time: a level match (so no take is louder than the
 * rest), short raised-cosine fades at its edges and an equal-power stereo position fixed by its id.
 */
public final class Voice {
  /** RMS level every take is matched to before the 1/&radic;N voice gain: -20 dBFS. */
  static final double REFERENCE_RMS = 0.1;
  /** A take's level match stays within &plusmn;12 dB (a nearly silent take is not blown up). */
  static final double MAX_MATCH = 4.0;
  /** Fade length at each edge of a take: 10 ms. */
  static final int FADE = Decoder.RATE / 100;
  /** Positions spread over &plusmn;80 % of the stereo field. */
  static final double SPREAD = 0.8;
  private static final int GATE_BLOCK = Decoder.RATE / 10;

  private Voice() {}

  /** Pan position in [-SPREAD, SPREAD] from the first 8 bytes of SHA-256(id): the same take, the same place. */
  public static double pan(UUID id) {
    try {
      ByteBuffer b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
      long h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(b.array())).getLong();
      double u = (h >>> 11) * 0x1.0p-53;
      return (2 * u - 1) * SPREAD;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Equal-power gains {left, right} for a pan position in [-1, 1]: left&sup2; + right&sup2; = 1. */
  public static double[] equalPower(double pan) {
    double theta = (pan + 1) * Math.PI / 4;
    return new double[] {Math.cos(theta), Math.sin(theta)};
  }

  /**
   * Gated RMS of a take: the RMS over its 100 ms blocks louder than -60 dBFS and not more than 10 dB below the
   * mean of those (a loudness proxy that ignores pauses); 0 for a silent take.
   */
  public static double gatedRms(float[] x, int n) {
    int blocks = n / GATE_BLOCK + (n % GATE_BLOCK == 0 ? 0 : 1);
    double[] ms = new double[blocks];
    double sum = 0;
    int loud = 0;
    for (int b = 0; b < blocks; b++) {
      int from = b * GATE_BLOCK, to = Math.min(n, from + GATE_BLOCK);
      double s = 0;
      for (int i = from; i < to; i++) s += (double) x[i] * x[i];
      ms[b] = s / (to - from);
      if (ms[b] > 1e-6) {
        sum += ms[b];
        loud++;
      }
    }
    if (loud == 0) return 0;
    double gate = sum / loud / 10;
    double kept = 0;
    int k = 0;
    for (double m : ms) {
      if (m > 1e-6 && m >= gate) {
        kept += m;
        k++;
      }
    }
    return Math.sqrt(kept / k);
  }

  /** The level match of a take: reference over its gated RMS, within &plusmn;12 dB; 0 for a silent take. */
  public static double match(float[] x, int n) {
    double rms = gatedRms(x, n);
    if (rms == 0) return 0;
    return Math.max(1 / MAX_MATCH, Math.min(MAX_MATCH, REFERENCE_RMS / rms));
  }

  /** Multiplies the first and last {@link #FADE} samples by a raised-cosine ramp (shorter for a short take). */
  public static void fade(float[] x, int n) {
    int f = Math.min(FADE, n / 2);
    for (int i = 0; i < f; i++) {
      float w = (float) (0.5 - 0.5 * Math.cos(Math.PI * (i + 0.5) / f));
      x[i] *= w;
      x[n - 1 - i] *= w;
    }
  }
}
