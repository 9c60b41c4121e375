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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of {@code src/main/java}, from the bottom up (the README's package list says the same):
 * <ol>
 *   <li>{@code core}: the shared vocabulary (failures, settings, addresses, message records); imports nothing of Chorus.</li>
 *   <li>Lower layers — {@code campaign}, {@code db}, {@code storage}, {@code ratelimit}, {@code jobs}: core only.</li>
 *   <li>Engines — {@code render}, {@code audio}, {@code mix}: lower layers and core.</li>
 *   <li>{@code http}: the web shell (server, problem mapping, health, static files); no feature.</li>
 *   <li>Features — {@code fan}, {@code artwork}, {@code mail}, {@code console}: HTTP handlers and their verticles;
 *       none imports another.</li>
 *   <li>{@code app}: the launcher and the main verticle, the only package that imports the features, and the only
 *       one that deploys verticles.</li>
 * </ol>
 * Nothing below {@code http} names HTTP: no lower layer or engine imports Vert.x Web (the rate limiter's
 * route handler is the one exception: it is Web middleware by nature and still never imports {@code http}).
 */
class LayeringTest {
  static final String[] FEATURES = {"chorus.fan..", "chorus.artwork..", "chorus.mail..", "chorus.console.."};
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("chorus");
    // an import that found nothing would let every rule below pass vacuously
    assertThat(classes.stream().map(JavaClass::getPackageName).distinct()).contains("chorus.core", "chorus.app", "chorus.http");
  }

  @Test
  void layersPointOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("App").definedBy("chorus.app..")
        .layer("Features").definedBy(FEATURES)
        .layer("Web").definedBy("chorus.http..")
        .layer("Engines").definedBy("chorus.render..", "chorus.audio..", "chorus.mix..")
        .layer("Lower").definedBy("chorus.campaign..", "chorus.db..", "chorus.storage..", "chorus.ratelimit..", "chorus.jobs..")
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
            "chorus.ratelimit..", "chorus.jobs..")
        .check(classes);
  }

  @Test
  void belowTheWebShellNothingNamesHttp() {
    noClasses().that().resideInAnyPackage("chorus.core..", "chorus.campaign..", "chorus.db..", "chorus.storage..", "chorus.jobs..",
            "chorus.render..", "chorus.audio..", "chorus.mix..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
        .check(classes);
  }

  @Test
  void onlyTheDeployerDeploys() {
    // the launcher deploys the main verticle; the main verticle deploys every other
    noClasses().that().resideOutsideOfPackage("chorus.app..")
        .should().callMethodWhere(target(name("deployVerticle")).and(target(owner(JavaClass.Predicates.assignableTo(Vertx.class)))))
        .check(classes);
  }
}
