package chorus.app;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The dev server's compiler: the JDK's javac, in process, on the changed source files only, against the compiled
 * classes already there and the dependency classpath, writing into the same classes folder. A warm javac turns a
 * one-file edit into classes in a few hundred milliseconds, where a Maven build recompiles every file.
 * What it cannot see is a caller of a changed signature or constant in a file that did not change: the dev server
 * then asks for {@link #compileAll()} (see {@link DevServer}).
 */
final class DevCompiler {
  /** What one compilation gave: whether classes were written, and javac's messages (errors, warnings). */
  record Result(boolean ok, int files, String messages, long millis) {}

  private static final int RELEASE = 17;
  private static final int WARM_UP_FILES = 8;
  private static final int WARM_UP_ROUNDS = 6;

  private final JavaCompiler javac;
  private final StandardJavaFileManager fileManager;
  private final Path sources;
  private final Path classes;
  private final List<String> options;
  private int warmUps;

  DevCompiler(Path sources, Path classes, String dependencyClasspath) {
    this.javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) throw new IllegalStateException("no Java compiler in this runtime: the dev server needs a JDK, not a JRE");
    // one file manager for the whole run: it keeps the dependency jars open and indexed between compilations
    this.fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    this.sources = sources;
    this.classes = classes;
    // the pom's compiler settings, less the annotation processors (benchmarks only) and -Xlint (the Maven build keeps it)
    List<String> o = new ArrayList<>(List.of("-g", "-proc:none", "-implicit:none", "-encoding", "UTF-8",
        "-d", classes.toString(), "-classpath", classes + java.io.File.pathSeparator + dependencyClasspath));
    // --release reads the platform's API from ct.sym; on a JDK 17 its own modules are the same API, read faster
    if (Runtime.version().feature() != RELEASE) o.addAll(List.of("--release", String.valueOf(RELEASE)));
    this.options = List.copyOf(o);
  }

  /** Compiles these source files (deleted ones lose their classes instead). */
  Result compile(Collection<Path> changed) {
    long t0 = System.nanoTime();
    List<Path> present = new ArrayList<>();
    for (Path file : changed) {
      if (Files.isRegularFile(file)) present.add(file);
      else deleteClasses(file);
    }
    if (present.isEmpty()) return new Result(true, 0, "", 0);
    StringWriter messages = new StringWriter();
    Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(present);
    boolean ok = javac.getTask(messages, fileManager, null, options, null, units).call();
    return new Result(ok, present.size(), messages.toString().strip(), (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * One step of warming javac up: compiles a few of the project's sources into a scratch folder, so that javac's own
   * classes are loaded, the dependency jars indexed and javac compiled by the JIT before the first edit rather than
   * during it (a cold javac takes seconds for one file, a warm one a few hundred milliseconds). Answers whether
   * another step is worth taking; the dev server takes them while no change is waiting.
   */
  boolean warmUp() {
    try (Stream<Path> all = Files.walk(sources)) {
      List<Path> some = all.filter(p -> p.toString().endsWith(".java")).limit(WARM_UP_FILES).toList();
      Path scratch = Files.createTempDirectory("chorus-dev-warm");
      List<String> scratchOptions = new ArrayList<>(options);
      scratchOptions.set(scratchOptions.indexOf("-d") + 1, scratch.toString());
      javac.getTask(new StringWriter(), fileManager, null, scratchOptions, null, fileManager.getJavaFileObjectsFromPaths(some)).call();
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ++warmUps < WARM_UP_ROUNDS;
  }

  /** Every source file again: what {@code ./mvnw compile} would do, for a change whose callers must be recompiled. */
  Result compileAll() {
    try (Stream<Path> all = Files.walk(sources)) {
      return compile(all.filter(p -> p.toString().endsWith(".java")).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deleted {@code a/b/C.java}: its {@code a/b/C.class} and nested {@code a/b/C$*.class} go too. */
  private void deleteClasses(Path source) {
    Path relative = sources.relativize(source);
    String name = relative.getFileName().toString().replaceFirst("\\.java$", "");
    Path dir = classes.resolve(relative).getParent();
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.equals(name + ".class") || n.startsWith(name + "$")) Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
