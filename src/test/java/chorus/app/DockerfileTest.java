package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's build stage packages the same jar as {@code ./mvnw package} here: every resource the POM puts into
 * the jar is copied into the build stage before the package step (the campaign schema once was not, and the
 * built image stopped at start-up), and the base must be pinned by digest.
 */
class DockerfileTest {
  static final Pattern RESOURCE = Pattern.compile("<resource><directory>([^<]+)</directory>(?:<includes>((?:<include>[^<]+</include>)+)</includes>)?");
  static final Pattern INCLUDE = Pattern.compile("<include>([^<]+)</include>");

  @Test
  void everyResourceOfTheJarIsCopiedIntoTheBuildStageBeforeItIsPackaged() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    List<String> needed = new ArrayList<>();
    Matcher m = RESOURCE.matcher(pom);
    while (m.find()) {
      if (m.group(2) == null) needed.add(m.group(1));
      else for (Matcher i = INCLUDE.matcher(m.group(2)); i.find(); ) needed.add(m.group(1) + "/" + i.group(1));
    }
    assertThat(needed).as("the POM's resources were read").contains("src/main/resources", "conf/campaign.schema.json");

    String build = buildStage(Files.readString(Path.of("Dockerfile")));
    int packageStep = build.indexOf("package");
    assertThat(packageStep).as("the build stage packages the jar").isPositive();
    List<String> copied = new ArrayList<>();
    for (Matcher c = Pattern.compile("(?m)^COPY (\\S+) ").matcher(build.substring(0, packageStep)); c.find(); ) copied.add(c.group(1));
    for (String resource : needed) {
      assertThat(copied).as(resource + " is copied before the package step").anyMatch(c -> resource.equals(c) || resource.startsWith(c + "/"));
    }
  }

  @Test
  void theBaseMustBePinnedByDigest() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(buildStage(dockerfile)).contains("*@sha256:").contains("exit 1");
  }

  private static String buildStage(String dockerfile) {
    int from = dockerfile.indexOf("AS build");
    int next = dockerfile.indexOf("\nFROM ", from);
    return dockerfile.substring(from, next < 0 ? dockerfile.length() : next);
  }
}
