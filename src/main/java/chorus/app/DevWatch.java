package chorus.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev server's eyes: the source, resource and conf folders (and every folder created in them), watched with
 * the file system's own notifications. A burst of events (an editor's save writes, renames, touches) is gathered
 * until the folders have been quiet for {@value #QUIET_MILLIS} ms, then handed over as one change. Editors' swap and
 * backup files are no change.
 */
final class DevWatch implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevWatch.class);
  static final long QUIET_MILLIS = 25;

  /** What to do with the changed files; {@code all} when events were lost and anything may have changed. */
  interface Changes {
    void changed(Collection<Path> files, boolean all);
  }

  private final DevServer.Layout layout;
  private final Changes changes;
  private final WatchService service;

  DevWatch(DevServer.Layout layout, Changes changes) {
    this.layout = layout;
    this.changes = changes;
    try {
      this.service = FileSystems.getDefault().newWatchService();
      for (Path root : List.of(layout.sources(), layout.resources(), layout.conf())) {
        if (Files.isDirectory(root)) register(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch the sources: " + e.getMessage(), e);
    }
  }

  @Override
  public void run() {
    run(() -> false);
  }

  /**
   * Watches until closed; while no change is waiting, runs {@code idle} step by step (each step answers whether
   * another remains), so that a change waits for one step at most.
   */
  void run(BooleanSupplier idle) {
    boolean idleLeft = true;
    try {
      while (true) {
        WatchKey first = service.poll();
        while (first == null && idleLeft) {
          idleLeft = idle.getAsBoolean();
          first = service.poll();
        }
        Set<Path> files = new LinkedHashSet<>();
        boolean all = drain(first != null ? first : service.take(), files);
        for (WatchKey more; (more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) all |= drain(more, files);
        files.removeIf(f -> !wanted(f));
        if (all || !files.isEmpty()) changes.changed(files, all);
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      LOG.debug("watch stopped");
    }
  }

  private boolean drain(WatchKey key, Set<Path> files) {
    Path dir = (Path) key.watchable();
    boolean lost = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        lost = true;
        continue;
      }
      Path file = dir.resolve((Path) event.context());
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(file)) {
        // a new package: watch it, and take what was written into it before the watch began
        try (Stream<Path> inside = Files.walk(file)) {
          register(file);
          inside.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
          LOG.warn("cannot watch {}: {}", file, e.toString());
        }
      } else {
        files.add(file);
      }
    }
    key.reset();
    return lost;
  }

  private void register(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  /** Sources are {@code .java} files; resources and conf are any file but an editor's swap, backup or probe file. */
  private boolean wanted(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name.equals("4913")) return false;
    if (file.startsWith(layout.sources())) return name.endsWith(".java");
    return !Files.isDirectory(file);
  }

  /**
   * What the Maven build's resource step would do for these files: a changed file under the resources folder is
   * copied to the classes folder, a deleted one deleted there, and so is {@code conf/campaign.schema.json} (start-up
   * reads it from the classpath).
   */
  static void copyResources(DevServer.Layout layout, Collection<Path> files) {
    for (Path file : files) {
      Path target;
      if (file.startsWith(layout.resources())) target = layout.classes().resolve(layout.resources().relativize(file));
      else if (file.startsWith(layout.conf()) && file.getFileName().toString().equals("campaign.schema.json")) target = layout.classes().resolve("campaign.schema.json");
      else continue;
      try {
        if (Files.isRegularFile(file)) {
          Files.createDirectories(target.getParent());
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(target);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + file + " to " + target + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.warn("watch did not close: {}", e.toString());
    }
  }
}
