package chorus.audio;

import java.util.Arrays;

/**
 * Sample peak, RMS, clipped samples, and the RMS of every 20 ms frame (for voice versus silence and for the trim),
 * over 48 kHz mono PCM in one pass. Memory: 4 bytes per 20 ms frame.
 */
final class LevelMeter {
  static final int FRAME = Decoder.RATE / 50;   // 20 ms

  private final float clipLevel;
  private long samples;
  private double peak;
  private double sumSquares;
  private long clipped;
  private double frame;
  private int inFrame;
  private float[] frames = new float[1024];
  private int frameCount;

  LevelMeter(double clipLevelDbfs) {
    this.clipLevel = (float) Math.pow(10, clipLevelDbfs / 20);
  }

  void accept(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[i];
      float a = Math.abs(v);
      if (a > peak) peak = a;
      if (a >= clipLevel) clipped++;
      double sq = (double) v * v;
      sumSquares += sq;
      frame += sq;
      if (++inFrame == FRAME) {
        if (frameCount == frames.length) frames = Arrays.copyOf(frames, frameCount * 2);
        frames[frameCount++] = (float) (frame / FRAME);
        frame = 0;
        inFrame = 0;
      }
    }
    samples += n;
  }

  long samples() { return samples; }

  double peakDbfs() { return db(peak); }

  double rmsDbfs() { return samples == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(sumSquares / samples); }

  double clippedShare() { return samples == 0 ? 0 : (double) clipped / samples; }

  /** Voice frames: 20 ms frames whose RMS is above the gate. */
  Voice voice(double gateDbfs) {
    float gate = (float) Math.pow(10, gateDbfs / 10);
    int voiced = 0;
    int first = -1;
    int last = -1;
    for (int i = 0; i < frameCount; i++) {
      if (frames[i] > gate) {
        voiced++;
        if (first < 0) first = i;
        last = i;
      }
    }
    return new Voice(voiced, first, last);
  }

  /** {@code first}/{@code last}: indexes of the first and last voice frame, -1 when there is none. */
  record Voice(int frames, int first, int last) {
    double seconds() { return frames * (double) FRAME / Decoder.RATE; }
  }

  static double db(double amplitude) {
    return 20 * Math.log10(amplitude);
  }
}
