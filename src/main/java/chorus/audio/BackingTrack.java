package chorus.audio;

import java.nio.file.Path;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The campaign's backing track, prepared once per process for the bleed search: decoded by the same path as the
 * takes, reduced to 4 kHz, pre-emphasised, and transformed at the one FFT size every take of the campaign fits in
 * (the campaign's longest take plus the track), so a take costs two transforms, not three.
 */
public final class BackingTrack {
  private final float[] signal;
  private final double[] prefixEnergy;
  private final int fftSize;
  private final float[] spectrum;
  private final FloatFFT_1D fft;
  private final long samples48k;

  static {
    // one core per take: the job queue runs takes in parallel, so the FFT stays on the calling thread
    org.jtransforms.utils.CommonUtils.setThreadsBeginN_1D_FFT_2Threads(Long.MAX_VALUE);
    org.jtransforms.utils.CommonUtils.setThreadsBeginN_1D_FFT_4Threads(Long.MAX_VALUE);
  }

  private BackingTrack(float[] signal, int maxTakeSamples, long samples48k) {
    this.signal = signal;
    this.samples48k = samples48k;
    this.prefixEnergy = Reduced.prefixEnergy(signal, signal.length);
    int n = Integer.highestOneBit(Math.max(2, signal.length + maxTakeSamples - 1) - 1) << 1;
    this.fftSize = n;
    this.spectrum = new float[n];
    System.arraycopy(signal, 0, spectrum, 0, signal.length);
    this.fft = new FloatFFT_1D(n);
    fft.realForward(spectrum);
  }

  /** Decodes the track file (blocking) for takes up to the thresholds' decode cap. */
  public static BackingTrack load(Ffmpeg ffmpeg, Path file, AudioThresholds limits) {
    Reduced reduced = new Reduced(Integer.MAX_VALUE / 2);
    Decoder.Outcome out = new Decoder(ffmpeg).decode(file, 3600, Math.max(limits.jobSeconds(), 120), 1024, reduced::accept);
    if (out.error() != null) throw new IllegalArgumentException("backing track " + file + " does not decode: " + out.error());
    return new BackingTrack(reduced.signal(), (int) Math.ceil(limits.capSeconds() * Reduced.RATE) + 1, out.samples());
  }

  float[] signal() { return signal; }

  double[] prefixEnergy() { return prefixEnergy; }

  int fftSize() { return fftSize; }

  float[] spectrum() { return spectrum; }

  /** The transform plan at {@link #fftSize()} (its tables are read-only: shared by every take). */
  FloatFFT_1D fft() { return fft; }

  /** Length at 48 kHz. */
  public long samples() { return samples48k; }
}
