package chorus.mix;

import chorus.storage.MissingObjectException;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one job of a {@link MixPlan} against object storage, blocking (call it on a worker thread): a leaf
 * fetches its takes' FLACs to a scratch folder and stores its submix, a merge sums its children's submixes in
 * index order, the root sums, masters and stores the stem as 24-bit WAV and FLAC. Each job writes one key that
 * depends only on its inputs, so a job run twice (a killed container's batch redone) writes the same bytes.
 */
public final class MixNodes {
  private final ObjectStorage storage;
  private final Path scratch;
  private final long timeoutSeconds;

  public MixNodes(ObjectStorage storage, Path scratch, long timeoutSeconds) {
    this.storage = storage;
    this.scratch = scratch;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static String submixKey(String mixId, int level, int index) {
    return "mixes/" + mixId + "/sub/" + level + "-" + index + ".f32";
  }

  public static String stemKey(String mixId, String stem, String ext) {
    return "mixes/" + mixId + "/" + stem + "." + ext;
  }

  /**
   * A leaf: these takes (the node's ordinals, in order) into a submix. A take whose producer file storage no
   * longer holds is left out (the same on every run of the job, so the bytes stay the same); the answer names
   * those takes so the mix can record them.
   */
  public List<java.util.UUID> leaf(String mixId, MixPlan plan, MixPlan.Node node, List<MixInput> takes, int songSamples) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "leaf");
    try {
      List<Path> files = new ArrayList<>();
      List<MixTake> placed = new ArrayList<>();
      List<java.util.UUID> missing = new ArrayList<>();
      for (int i = 0; i < takes.size(); i++) {
        Path f = dir.resolve(i + ".flac");
        String key = takes.get(i).producerKey();
        try {
          Files.write(f, await(() -> storage.get(key)).getBytes());
        } catch (MissingObjectException e) {
          missing.add(takes.get(i).take().id());
          continue;
        }
        files.add(f);
        placed.add(takes.get(i).take());
      }
      Submix out = LeafMixer.mix(placed, files, songSamples, plan.voiceGain(), dir, timeoutSeconds);
      await(() -> storage.put(submixKey(mixId, 0, node.index()), Buffer.buffer(out.toBytes()), Submix.CONTENT_TYPE));
      return missing;
    } finally {
      deleteTree(dir);
    }
  }

  /** A merge: its children's submixes summed in index order. */
  public void merge(String mixId, MixPlan.Node node, int songSamples) throws IOException {
    Submix out = sum(mixId, node, songSamples);
    await(() -> storage.put(submixKey(mixId, node.level(), node.index()), Buffer.buffer(out.toBytes()), Submix.CONTENT_TYPE));
  }

  /** The root: the top submixes summed, mastered and stored as {@code <stem>.wav} and {@code <stem>.flac}. */
  public Mastering.Result root(String mixId, MixPlan.Node node, int songSamples, String stem) throws IOException {
    Submix out = sum(mixId, node, songSamples);
    Mastering.Result result = Mastering.master(out);
    Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "root");
    try {
      Path wav = dir.resolve("stem.wav"), flac = dir.resolve("stem.flac");
      WavWriter.write24(out, wav);
      out = null; // the WAV is on disk: let the float signal go before the FLAC encoder runs
      StemWriter.writeFlac(wav, flac, timeoutSeconds);
      Buffer wavBytes = Buffer.buffer(Files.readAllBytes(wav)), flacBytes = Buffer.buffer(Files.readAllBytes(flac));
      await(() -> storage.put(stemKey(mixId, stem, "wav"), wavBytes, "audio/wav"));
      await(() -> storage.put(stemKey(mixId, stem, "flac"), flacBytes, "audio/flac"));
    } finally {
      deleteTree(dir);
    }
    return result;
  }

  private Submix sum(String mixId, MixPlan.Node node, int songSamples) throws IOException {
    Submix out = new Submix(songSamples);
    for (int child = node.from(); child < node.to(); child++) {
      String key = submixKey(mixId, node.level() - 1, child);
      out.addBytes(await(() -> storage.get(key)).getBytes());
    }
    return out;
  }

  /** Deletes every submix of a mix (after its root is done). */
  public void deleteSubmixes(String mixId, MixPlan plan) throws IOException {
    for (int level = 0; level < plan.rootLevel(); level++) {
      for (int i = 0; i < plan.widths().get(level); i++) {
        String key = submixKey(mixId, level, i);
        await(() -> storage.delete(key));
      }
    }
  }

  private <T> T await(java.util.function.Supplier<Future<T>> f) throws IOException {
    return Blocking.await(f, timeoutSeconds);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
