package chorus.mix;

import chorus.audio.Decoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The campaign's reference signals for alignment, decoded once per process on first use: the onset envelopes
 * of the backing track and (if the campaign has one) the guide vocal.
 */
public final class References {
  private final Path backing;
  private final Path guide;
  private volatile Aligner backingAligner, guideAligner;

  /** @param guide null when the campaign has no guide vocal */
  public References(Path backing, Path guide) {
    this.backing = backing;
    this.guide = guide;
  }

  public Path backingTrack() {
    return backing;
  }

  public synchronized Aligner backing() throws IOException {
    if (backingAligner == null) backingAligner = Aligner.forSignal(Decoder.bundled().decodeWhole(backing, 120));
    return backingAligner;
  }

  public synchronized Optional<Aligner> guide() throws IOException {
    if (guide == null) return Optional.empty();
    if (guideAligner == null) guideAligner = Aligner.forSignal(Decoder.bundled().decodeWhole(guide, 120));
    return Optional.of(guideAligner);
  }
}
