package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/image/classlist, from which the Dockerfile dumps the image's class-data archive, is recorded from a real start
 * (deploy/image/build.sh --classlist). A class it names that no longer exists, or a start-up class it lacks, means it
 * is stale: the archive then misses what the start loads, and the start-up gain with it.
 */
class ClassListTest {
  static final Path LIST = Path.of("deploy/image/classlist");
  static final Pattern CHORUS_CLASS = Pattern.compile("(?:^|\\s)(chorus/[A-Za-z0-9_/$]+)");

  @Test
  void everyApplicationClassItNamesStillExists() throws Exception {
    List<String> missing = Files.readAllLines(LIST).stream()
        .flatMap(line -> {
          Matcher m = CHORUS_CLASS.matcher(line);
          return m.results().map(r -> r.group(1));
        })
        .distinct()
        .filter(name -> !name.contains("$$Lambda"))
        .filter(name -> !Files.isRegularFile(Path.of("target/classes", name + ".class")))
        .collect(Collectors.toList());
    assertThat(missing).as("classes named in " + LIST + " but gone: re-record it (deploy/image/build.sh --classlist)").isEmpty();
  }

  @Test
  void itHoldsTheStartUpPathAndItsLambdas() throws Exception {
    List<String> lines = Files.readAllLines(LIST);
    for (Class<?> c : List.of(Launcher.class, MainVerticle.class, ProcessServices.class, StartupTimeline.class,
        chorus.http.HttpVerticle.class, chorus.db.Migrator.class, chorus.storage.DeferredStorage.class,
        chorus.storage.S3Storage.class, chorus.render.RenderVerticle.class)) {
      assertThat(lines).as(c.getName() + " in " + LIST).contains(c.getName().replace('.', '/'));
    }
    assertThat(lines.stream().filter(l -> l.startsWith("@lambda-proxy chorus/")).count())
        .as("the application's lambda call sites are archived too").isGreaterThan(50);
  }
}
