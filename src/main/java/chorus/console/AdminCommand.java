package chorus.console;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar chorus.jar admin add EMAIL [--role admin|moderator] [--reset]} against the configured
 * database: adds a member (or with {@code --reset} gives an existing one a new password) and prints a
 * one-time password, to be changed at the first sign-in. Exit 0 on success, 1 on failure, 64 on bad usage.
 */
public final class AdminCommand {
  public static final String NAME = "admin";
  private static final String USAGE = "usage: chorus admin add EMAIL [--role admin|moderator] [--reset]";

  private AdminCommand() {}

  public static int run(String[] args, Config config, PrintStream out, PrintStream err) {
    if (args.length < 3 || !args[0].equals(NAME) || !args[1].equals("add")) {
      err.println(USAGE);
      return 64;
    }
    String email = args[2];
    String role = "admin";
    boolean reset = false;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--reset" -> reset = true;
        case "--role" -> {
          if (i + 1 >= args.length) {
            err.println(USAGE);
            return 64;
          }
          role = args[++i];
        }
        default -> {
          err.println("unknown option " + args[i] + "\n" + USAGE);
          return 64;
        }
      }
    }
    Vertx vertx = Vertx.vertx();
    Pool migrate = Database.migrationPool(vertx, config);
    try {
      new Migrator(migrate).migrate().eventually(migrate::close).await(2, TimeUnit.MINUTES);
      Pool pool = Database.migrationPool(vertx, config);
      MemberAccounts.Issued issued = reset
          ? MemberAccounts.reset(vertx, pool, Audit.CLI, email).await(1, TimeUnit.MINUTES)
          : MemberAccounts.add(vertx, pool, Audit.CLI, email, role).await(1, TimeUnit.MINUTES);
      pool.close().await(10, TimeUnit.SECONDS);
      if (issued == null) {
        err.println("chorus: no member " + Members.normalize(email) + " (drop --reset to add one)");
        return 1;
      }
      out.println((reset ? "new one-time password for " : "added " + issued.role() + " ") + issued.email() + ": " + issued.password());
      out.println("it must be changed at the first sign-in at /console/");
      return 0;
    } catch (Exception e) {
      err.println("chorus: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    } finally {
      vertx.close();
    }
  }
}
