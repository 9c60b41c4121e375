package chorus.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of {@code src/main/java}, from the bottom up (the README's package list says the same):
 * <ol>
 *   <li>{@code core}: the shared vocabulary (failures, settings, addresses, message records); imports nothing of Chorus.</li>
 *   <li>Lower layers — {@code campaign}, {@code names}, {@code db}, {@code storage}, {@code ratelimit}, {@code jobs}:
 *       core only ({@code db} also {@code names}, whose word lists flag artwork names).</li>
 *   <li>Engines — {@code render} (core, campaign, storage), {@code audio} (core, storage), {@code mix} (core, storage,
 *       jobs, audio).</li>
 *   <li>{@code http}: the web shell (server, problem mapping, health, static files); no feature.</li>
 *   <li>Features — {@code fan}, {@code artwork}, {@code mail}, {@code console}: HTTP handlers and their verticles;
 *       none imports another.</li>
 *   <li>{@code app}: the launcher and the main verticle, the only package that imports the features, and the only
 *       one that deploys verticles.</li>
 * </ol>
 * {@link #eachPackageImportsOnlyWhatTheReadmeTableSays} holds every package to its row of the README's package
 * table, so the table and the code cannot drift apart. Nothing below {@code http} names HTTP: no lower layer or engine imports Vert.x Web (the rate limiter's
 * route handler is the one exception: it is Web middleware by nature and still never imports {@code http}).
 */
class LayeringTest {
  static final String[] FEATURES = {"chorus.fan..", "chorus.artwork..", "chorus.mail..", "chorus.console.."};
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("chorus");
    // an import that found nothing would let every rule below pass vacuously
    assertThat(classes.stream().map(JavaClass::getPackageName).distinct()).contains("chorus.core", "chorus.app", "chorus.http", "chorus.names", "chorus.render");
  }

  @Test
  void layersPointOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("App").definedBy("chorus.app..")
        .layer("Features").definedBy(FEATURES)
        .layer("Web").definedBy("chorus.http..")
        .layer("Engines").definedBy("chorus.render..", "chorus.audio..", "chorus.mix..")
        .layer("Lower").definedBy("chorus.campaign..", "chorus.names..", "chorus.db..", "chorus.storage..", "chorus.ratelimit..", "chorus.jobs..")
        .layer("Core").definedBy("chorus.core..")
        .whereLayer("App").mayNotBeAccessedByAnyLayer()
        .whereLayer("Features").mayOnlyBeAccessedByLayers("App")
        .whereLayer("Web").mayOnlyBeAccessedByLayers("Features", "App")
        .whereLayer("Engines").mayOnlyBeAccessedByLayers("Web", "Features", "App")
        .whereLayer("Lower").mayOnlyBeAccessedByLayers("Engines", "Web", "Features", "App")
        .withOptionalLayers(true)
        .check(classes);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("chorus.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void featuresDoNotImportEachOther() {
    for (String feature : FEATURES) {
      List<String> others = java.util.Arrays.stream(FEATURES).filter(f -> !f.equals(feature)).toList();
      noClasses().that().resideInAPackage(feature).should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
          .allowEmptyShould(true).check(classes);
    }
  }

  @Test
  void coreImportsNothingOfChorus() {
    noClasses().that().resideInAPackage("chorus.core..").should().dependOnClassesThat()
        .resideInAnyPackage("chorus.app..", "chorus.http..", "chorus.fan..", "chorus.artwork..", "chorus.mail..", "chorus.console..",
            "chorus.render..", "chorus.audio..", "chorus.mix..", "chorus.campaign..", "chorus.db..", "chorus.storage..",
            "chorus.ratelimit..", "chorus.jobs..", "chorus.names..")
        .check(classes);
  }

  @Test
  void belowTheWebShellNothingNamesHttp() {
    noClasses().that().resideInAnyPackage("chorus.core..", "chorus.campaign..", "chorus.names..", "chorus.db..", "chorus.storage..", "chorus.jobs..",
            "chorus.render..", "chorus.audio..", "chorus.mix..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
        .check(classes);
  }

  @Test
  void eachPackageImportsOnlyWhatTheReadmeTableSays() throws Exception {
    Map<String, Set<String>> allowed = readmeTable();
    Set<String> packages = classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("chorus."))
        .map(LayeringTest::topLevel).collect(Collectors.toCollection(TreeSet::new));
    // every package of src/main/java has a row (a new package must be placed in a layer), and every row a package
    assertThat(allowed.keySet()).as("packages in the README table").isEqualTo(packages);
    for (var row : allowed.entrySet()) {
      Set<String> imported = new TreeSet<>();
      for (JavaClass c : classes) {
        if (!topLevel(c.getPackageName()).equals(row.getKey())) continue;
        c.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass().getPackageName())
            .filter(p -> p.startsWith("chorus.")).map(LayeringTest::topLevel)
            .filter(p -> !p.equals(row.getKey())).forEach(imported::add);
      }
      assertThat(row.getValue()).as(row.getKey() + " imports only what its README row allows").containsAll(imported);
    }
  }

  /** {@code chorus.fan.x} → {@code fan}. */
  private static String topLevel(String pkg) {
    String rest = pkg.substring("chorus.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /**
   * The README's "Packages and what each may import" table: package → the Chorus packages it may import. In the last
   * column a package is named in backticks; "lower layers" stands for {@link #LOWER}, "everything" for every package,
   * "nothing" for none.
   */
  static Map<String, Set<String>> readmeTable() throws java.io.IOException {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("### Packages and what each may import");
    assertThat(at).as("the README's package table").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    Pattern row = Pattern.compile("^\\| `([a-z]+)` \\|.*\\| ([^|]+) \\|$");
    for (String line : readme.substring(at).lines().takeWhile(l -> !l.startsWith("## ")).toList()) {
      Matcher m = row.matcher(line);
      if (m.matches()) rows.put(m.group(1), m.group(2));
    }
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (var e : rows.entrySet()) {
      Set<String> may = new TreeSet<>();
      Matcher named = Pattern.compile("`([a-z]+)`").matcher(e.getValue());
      while (named.find()) may.add(named.group(1));
      if (e.getValue().contains("lower layers")) may.addAll(LOWER);
      if (e.getValue().contains("everything")) may.addAll(rows.keySet());
      may.remove(e.getKey());
      out.put(e.getKey(), may);
    }
    return out;
  }

  static final Set<String> LOWER = Set.of("campaign", "names", "db", "storage", "ratelimit", "jobs");

  @Test
  void onlyTheDeployerDeploys() {
    // the launcher deploys the main verticle; the main verticle deploys every other
    noClasses().that().resideOutsideOfPackage("chorus.app..")
        .should().callMethodWhere(target(name("deployVerticle")).and(target(owner(JavaClass.Predicates.assignableTo(Vertx.class)))))
        .check(classes);
  }
}
