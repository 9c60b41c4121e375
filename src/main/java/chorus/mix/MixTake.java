package chorus.mix;

import chorus.audio.Decoder;
import java.util.UUID;

/**
 * One take as the mix sees it: its id (which fixes its stereo position) and the timeline sample at which the
 * first sample of its producer FLAC sounds: the aligned offset of the original take plus the silence the
 * audio pipeline trimmed from its start.
 */
public record MixTake(UUID id, long startSample) {

  /** From the aligned offset of the take's first original sample (ms on the track) and the trim (samples). */
  public static MixTake of(UUID id, int alignedOffsetMs, long trimStartSamples) {
    return new MixTake(id, Math.round(alignedOffsetMs * (Decoder.RATE / 1000.0)) + trimStartSamples);
  }
}
