package chorus.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Is the backing track audible in the take, and where? The normalised cross-correlation of the take with the track
 * (both at 4 kHz, pre-emphasised), over every lag at which they overlap by at least 3 s (or half the take when it is
 * shorter): r(L) = sum t[n] b[n+L] / sqrt(sum t[n]^2 * sum b[n+L]^2) over the overlap, computed for all L at once
 * with one FFT of the take and one inverse FFT (the track's transform is prepared once). r is 1 for the track
 * itself and near 0 for a voice that does not contain it. The best lag L says which moment of the track the take's
 * first sample hears: the offset on the track's timeline, the same convention as {@code recordings.offset_ms}.
 */
final class BleedSearch {
  /** {@code offsetMs}: the track time at the take's first sample (negative: the take starts before the track). */
  record Result(double score, double offsetMs) {}

  private BleedSearch() {}

  static Result search(Reduced take, BackingTrack track) {
    int n = take.count();
    float[] t = take.raw();
    float[] b = track.signal();
    int m = b.length;
    int size = track.fftSize();
    if (n < Reduced.RATE / 2 || m == 0 || n + m - 1 > size) return new Result(0, 0);
    float[] x = new float[size];
    System.arraycopy(t, 0, x, 0, n);
    FloatFFT_1D fft = track.fft();
    fft.realForward(x);
    float[] y = track.spectrum();
    // conj(T) * B, in JTransforms' packed real layout: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
    x[0] = x[0] * y[0];
    x[1] = x[1] * y[1];
    for (int k = 2; k < size; k += 2) {
      float tr = x[k], ti = x[k + 1], br = y[k], bi = y[k + 1];
      x[k] = tr * br + ti * bi;
      x[k + 1] = tr * bi - ti * br;
    }
    fft.realInverse(x, true);
    double[] et = Reduced.prefixEnergy(t, n);
    double[] eb = track.prefixEnergy();
    int minOverlap = Math.min(3 * Reduced.RATE, n / 2);
    double minTakeEnergy = et[n] * 0.1;             // the overlap must hold a tenth of the take at least
    double best = 0;
    int bestLag = 0;
    for (int lag = -(n - 1); lag <= m - 1; lag++) {
      int from = Math.max(0, -lag);                 // take indexes [from, to) meet track indexes [from+lag, to+lag)
      int to = Math.min(n, m - lag);
      if (to - from < minOverlap) continue;
      double takeEnergy = et[to] - et[from];
      if (takeEnergy < minTakeEnergy) continue;
      double energy = takeEnergy * (eb[to + lag] - eb[from + lag]);
      if (energy <= 1e-12) continue;
      double c = x[lag >= 0 ? lag : size + lag];
      double r = c / Math.sqrt(energy);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    return new Result(best, bestLag * 1000.0 / Reduced.RATE);
  }
}
