package chorus.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shared PostgreSQL pool is one per class loader generation of the dev server, and "chorus-pg" elsewhere. */
class PoolNameTest {
  @Test
  void eachDevServerGenerationHasAPoolOfItsOwn() {
    assertThat(Database.poolName("chorus-dev-7")).isEqualTo("chorus-pg-7");
    assertThat(Database.poolName("chorus-dev-8")).isNotEqualTo(Database.poolName("chorus-dev-7"));
  }

  @Test
  void theJarAndTheTestsKeepTheOneName() {
    assertThat(Database.poolName("app")).isEqualTo("chorus-pg");
    assertThat(Database.poolName(null)).isEqualTo("chorus-pg");
    assertThat(Database.POOL_NAME).isEqualTo("chorus-pg");
  }
}
