package chorus.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Config;
import chorus.support.Sql;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema check at every start: a full migration on a new database, one query on an up-to-date one. */
class MigratorTest {
  private Vertx vertx;
  private Pool admin;
  private Pool pool;
  private String database;

  @BeforeEach
  void freshDatabase() {
    vertx = Vertx.vertx();
    Config base = TestServices.get().config(Map.of());
    admin = Database.migrationPool(vertx, base);
    database = "migrator_" + UUID.randomUUID().toString().replace("-", "");
    Sql.sql(admin, "CREATE DATABASE " + database);
    String url = base.string("pg.url").replaceAll("/[^/]+$", "/" + database);
    pool = Database.migrationPool(vertx, TestServices.get().config(Map.of("pg.url", url)));
  }

  @AfterEach
  void drop() {
    pool.close().await();
    Sql.sql(admin, "DROP DATABASE " + database);
    admin.close().await();
    vertx.close().await();
  }

  @Test
  void aNewDatabaseGetsEveryMigrationAndASecondStartAppliesNone() throws Exception {
    assertThat(new Migrator(pool).migrate().await(60, TimeUnit.SECONDS)).isEqualTo(Migrator.MIGRATIONS.size());
    assertThat(new Migrator(pool).migrate().await(60, TimeUnit.SECONDS)).isZero();
    assertThat(Sql.count(pool, "SELECT count(*) FROM schema_version")).isEqualTo(Migrator.MIGRATIONS.size());
  }

  @Test
  void anUpToDateDatabaseIsCheckedWithoutWaitingForTheMigrationLock() throws Exception {
    new Migrator(pool).migrate().await(60, TimeUnit.SECONDS);
    // another container holds the lock (it is migrating, or hung while doing so): a new container whose schema is
    // current does not queue behind it
    Pool other = Database.migrationPool(vertx, TestServices.get().config(Map.of("pg.url",
        TestServices.get().config(Map.of()).string("pg.url").replaceAll("/[^/]+$", "/" + database))));
    SqlConnection holder = other.getConnection().await();
    try {
      holder.query("SELECT pg_advisory_lock(" + 0x43686f727573L + ")").execute().await();
      assertThat(new Migrator(pool).migrate().await(5, TimeUnit.SECONDS)).isZero();
    } finally {
      holder.close().await();
      other.close().await();
    }
  }

  @Test
  void aMigrationWhoseTextChangedAfterItWasAppliedStillStopsStartUp() throws Exception {
    new Migrator(pool).migrate().await(60, TimeUnit.SECONDS);
    Sql.sql(pool, "UPDATE schema_version SET checksum = 'edited' WHERE version = 2");
    assertThatThrownBy(() -> new Migrator(pool).migrate().await(60, TimeUnit.SECONDS))
        .hasMessageContaining(Migrator.MIGRATIONS.get(1) + " changed after it was applied");
  }
}
