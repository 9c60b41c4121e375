package chorus.audio;

import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-take work, blocking, for a worker thread: one decode of the original feeds every measurement at once
 * (levels and clipping, K-weighted loudness, 20 ms voice frames, the 4 kHz copy for the bleed search) and a temp
 * file of the float PCM; from the figures come the verdict, the gain and the trim, and {@link FlacEncoder} turns
 * that temp file into the producer FLAC. Nothing but the caller's two paths and one temp file is touched;
 * the original is only read. Memory per take: fixed buffers plus ~ 20 KB per second of audio, capped by the decode
 * ceiling.
 */
public final class TakeProcessor {
  private final Ffmpeg ffmpeg;
  private final AudioThresholds limits;
  private final BackingTrack track;

  /** {@code track} may be null (no bleed search). */
  public TakeProcessor(Ffmpeg ffmpeg, AudioThresholds limits, BackingTrack track) {
    this.ffmpeg = ffmpeg;
    this.limits = limits;
    this.track = track;
  }

  public TakeResult process(Path original, Path producerOut) {
    Path raw = null;
    try {
      raw = Files.createTempFile("chorus-take-", ".f32");
      return process(original, producerOut, raw);
    } catch (IOException e) {
      throw new UncheckedIOException("take scratch file", e);
    } finally {
      if (raw != null) {
        try {
          Files.deleteIfExists(raw);
        } catch (IOException e) {
          raw.toFile().deleteOnExit();
        }
      }
    }
  }

  private TakeResult process(Path original, Path producerOut, Path raw) throws IOException {
    LevelMeter levels = new LevelMeter(limits.clipLevelDbfs());
    LoudnessMeter loudness = new LoudnessMeter();
    Reduced reduced = new Reduced((int) Math.ceil(limits.capSeconds() * Reduced.RATE) + 1);
    Decoder.Outcome out;
    try (FileChannel spill = FileChannel.open(raw, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.allocate(8192 * 4).order(ByteOrder.LITTLE_ENDIAN);
      out = new Decoder(ffmpeg).decode(original, limits.capSeconds(), limits.jobSeconds(), limits.memoryMb(), (x, n) -> {
        levels.accept(x, n);
        loudness.accept(x, n);
        reduced.accept(x, n);
        bytes.clear();
        bytes.asFloatBuffer().put(x, 0, n);
        bytes.limit(n * 4);
        try {
          while (bytes.hasRemaining()) spill.write(bytes);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    SourceInfo src = out.source();
    long samples = levels.samples();
    JsonObject f = new JsonObject()
        .put("durationMs", Math.round(samples * 1000.0 / Decoder.RATE))
        .put("claimedDurationMs", src.claimedDurationMs())
        .put("container", src.container()).put("codec", src.codec())
        .put("sampleRate", src.sampleRate()).put("channels", src.channels());
    if (out.error() != null) return undecodable(f, out.error());
    if (out.capped()) return undecodable(f, "longer than " + (int) limits.capSeconds() + " s");

    LevelMeter.Voice voice = levels.voice(limits.voiceGateDbfs());
    double lufs = loudness.integrated();
    double peak = levels.peakDbfs();
    f.put("peakDbfs", round(peak, 2)).put("rmsDbfs", round(levels.rmsDbfs(), 2))
        .put("clippedShare", round(levels.clippedShare(), 6)).put("lufs", round(lufs, 2))
        .put("voiceSeconds", round(voice.seconds(), 2))
        .put("silenceSeconds", round(Math.max(0, samples / (double) Decoder.RATE - voice.seconds()), 2));
    BleedSearch.Result bleed = track == null ? new BleedSearch.Result(0, 0) : BleedSearch.search(reduced, track);
    boolean bled = bleed.score() >= limits.bleedScore();
    f.put("bleed", bled).put("bleedScore", round(bleed.score(), 3));
    if (bled) f.put("bleedOffsetMs", round(bleed.offsetMs(), 1));
    else f.putNull("bleedOffsetMs");

    Verdict verdict = verdict(samples, voice, lufs, levels.clippedShare(), bled);
    if (verdict == Verdict.SILENT || voice.frames() == 0 || lufs == Double.NEGATIVE_INFINITY) {
      f.put("trimStartSamples", 0).put("trimEndSamples", 0).put("gainDb", 0);
      return new TakeResult(verdict, f, false);
    }
    long pad = limits.trimPadMs() * (long) Decoder.RATE / 1000;
    long start = Math.max(0, (long) voice.first() * LevelMeter.FRAME - pad);
    long end = Math.min(samples, (long) (voice.last() + 1) * LevelMeter.FRAME + pad);
    double gain = Math.min(limits.targetLufs() - lufs, limits.peakCeilingDbfs() - peak);
    gain = Math.min(gain, limits.maxGainDb());
    f.put("trimStartSamples", start).put("trimEndSamples", samples - end).put("producerSamples", end - start)
        .put("gainDb", round(gain, 2));
    try (FileChannel pcm = FileChannel.open(raw, StandardOpenOption.READ);
         OutputStream flac = new BufferedOutputStream(Files.newOutputStream(producerOut), 1 << 16)) {
      FlacEncoder.encode(pcm, start, end - start, gain, flac);
    }
    return new TakeResult(verdict, f, true);
  }

  private Verdict verdict(long samples, LevelMeter.Voice voice, double lufs, double clippedShare, boolean bled) {
    if (samples < (long) limits.minSeconds() * Decoder.RATE) return Verdict.TOO_SHORT;
    if (voice.seconds() < limits.minVoiceSeconds() || lufs == Double.NEGATIVE_INFINITY) return Verdict.SILENT;
    if (clippedShare > limits.maxClippedShare()) return Verdict.CLIPPED;
    if (bled) return Verdict.BLEED;
    if (lufs < limits.minLufs()) return Verdict.TOO_QUIET;
    return Verdict.OK;
  }

  private static TakeResult undecodable(JsonObject f, String reason) {
    return new TakeResult(Verdict.UNDECODABLE, f.put("reason", reason), false);
  }

  private static Object round(double v, int digits) {
    if (Double.isInfinite(v) || Double.isNaN(v)) return null;
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
