package chorus.fan;

import chorus.core.MailKind;
import chorus.http.FanAuth;

import chorus.campaign.Names;

import chorus.core.Addresses;
import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.db.Fans;
import chorus.db.Subscriptions;
import chorus.db.Subscriptions.Subscription;
import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /api/fan/subscription}: one transaction writes the subscription, the contest entry and a
 * neutral confirmation mail in the outbox; after commit the mailer is woken. 201 the first time, 200 when the
 * same fan repeats it. The address is a claim until the mailbox follows the link in the confirmation mail: the answer is
 * the same whether or not another fan claimed or holds the address, so it tells nobody who joined, and
 * nobody can keep an address from its owner.
 */
public final class SubscriptionHandler implements Handler<RoutingContext> {
  private final Pool pool;
  private final Campaign campaign;
  private final String mailHost;

  public SubscriptionHandler(Pool pool, Campaign campaign, String publicBaseUrl) {
    this.pool = pool;
    this.campaign = campaign;
    this.mailHost = URI.create(publicBaseUrl).getHost();
  }

  record Request(String email, String name, String team, String lang, boolean newsletter, boolean contest) {}

  @Override
  public void handle(RoutingContext ctx) {
    Request req = parse(ctx.body().asJsonObject());
    Buffer fan = FanAuth.key(ctx);
    attempt(fan, req).recover(e -> isUniqueViolation(e) ? attempt(fan, req) : Future.failedFuture(e))
        .onSuccess(result -> {
          if (result.created() || result.mailQueued()) ctx.vertx().eventBus().publish(Addresses.MAIL_OUTBOX_WAKE, null);
          ctx.response().setStatusCode(result.created() ? 201 : 200).putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store").end(result.body().encode());
        })
        .onFailure(ctx::fail);
  }

  private Request parse(JsonObject body) {
    String email = Emails.clean(body.getString("email"));
    String name = Names.clean("name", body.getString("name"));
    String team = campaign.requireTeam(body.getString("team")).id();
    String lang = Locales.requireSupported(body.getString("lang"));
    boolean contest = body.getBoolean("contest");
    if (contest) {
      if (!campaign.termsVersion().equals(body.getString("termsVersion"))) {
        throw Failure.invalidField("termsVersion", "Accept the current contest terms (version " + campaign.termsVersion() + ") to enter.");
      }
      if (Instant.now().isAfter(campaign.contestEndsAt())) throw Failure.conflict("contest-closed", "The contest has closed.");
    }
    return new Request(email, name, team, lang, body.getBoolean("newsletter"), contest);
  }

  record Result(boolean created, boolean mailQueued, JsonObject body) {}

  /**
   * A new fan, or a fan repeating the same subscription, is answered by one statement (one round trip, no
   * transaction); any change to an existing subscription takes the general path in a transaction.
   */
  private Future<Result> attempt(Buffer fan, Request r) {
    return Subscriptions.subscribe(pool, fan, r.email(), r.name(), r.team(), r.lang(), r.newsletter(), MailKind.CONFIRM.id,
        messageId(), r.contest(), campaign.termsVersion()).compose(a -> {
          if (a.created() != null) return Future.succeededFuture(new Result(true, true, body(r, false, false).put("contest", a.entered())));
          Subscription e = a.existing();
          if (e != null && e.sameAs(r.email(), r.name(), r.team(), r.lang(), r.newsletter()) && (a.entered() || !r.contest())) {
            return Future.succeededFuture(new Result(false, false, body(r, e.confirmed(), e.emailConfirmed()).put("contest", a.entered())));
          }
          return change(fan, r);
        });
  }

  private Future<Result> change(Buffer fan, Request r) {
    return pool.withTransaction(conn -> Fans.ensure(conn, fan)
        .compose(v -> Subscriptions.find(conn, fan))
        .compose(existing -> write(conn, fan, r, existing))
        .compose(result -> (r.contest() ? Subscriptions.enterContest(conn, fan, campaign.termsVersion()) : Future.<Void>succeededFuture())
            .compose(v -> Subscriptions.entered(conn, fan))
            .map(entered -> new Result(result.created(), result.mailQueued(), result.body().put("contest", entered)))));
  }

  private Future<Result> write(SqlConnection conn, Buffer fan, Request r, Subscription existing) {
    if (existing == null) {
      return Subscriptions.insert(conn, fan, r.email(), r.name(), r.team(), r.lang(), r.newsletter())
          .compose(claim -> confirmation(conn, fan, r, claim))
          .map(v -> new Result(true, true, body(r, false, false)));
    }
    if (existing.sameAs(r.email(), r.name(), r.team(), r.lang(), r.newsletter())) {
      return Future.succeededFuture(new Result(false, false, body(r, existing.confirmed(), existing.emailConfirmed())));
    }
    boolean newMailbox = existing.otherMailbox(r.email());
    boolean again = existing.resubscribes(r.newsletter());
    boolean mail = newMailbox || again;
    // only a claim the mailbox confirmed may lift the mailbox's unsubscribe (so its confirmation mail can reach it)
    boolean lift = again && !newMailbox && existing.emailConfirmed();
    boolean emailConfirmed = !newMailbox && existing.emailConfirmed();
    return Subscriptions.update(conn, fan, r.email(), r.name(), r.team(), r.lang(), r.newsletter())
        .compose(claim -> (lift ? Subscriptions.liftUnsubscribe(conn, r.email()) : Future.<Void>succeededFuture())
            .compose(v -> mail ? confirmation(conn, fan, r, claim) : Future.<Void>succeededFuture()))
        .map(v -> new Result(false, mail, body(r, !mail && existing.confirmed(), emailConfirmed)));
  }

  /**
   * The address's neutral confirmation mail: its payload holds the claim the link is bound to and nothing the
   * requester typed (the welcome with the name follows when the mailbox confirms, see Subscriptions.confirm).
   */
  private Future<Void> confirmation(SqlConnection conn, Buffer fan, Request r, UUID claim) {
    JsonObject payload = new JsonObject().put("newsletter", r.newsletter()).put("claim", claim.toString());
    return Subscriptions.queueMail(conn, fan, MailKind.CONFIRM.id, r.email(), r.lang(), payload, messageId());
  }

  private String messageId() {
    return "<" + UUID.randomUUID() + "@" + mailHost + ">";
  }

  private static JsonObject body(Request r, boolean confirmed, boolean emailConfirmed) {
    return new JsonObject().put("email", r.email()).put("name", r.name()).put("team", r.team()).put("lang", r.lang())
        .put("newsletter", r.newsletter()).put("newsletterConfirmed", confirmed).put("emailConfirmed", emailConfirmed);
  }

  static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

}
