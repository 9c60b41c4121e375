package chorus.audio;

/** Receives decoded 48 kHz mono samples in order, a block at a time (the array is reused after the call). */
@FunctionalInterface
interface PcmSink {
  void accept(float[] samples, int count);
}
