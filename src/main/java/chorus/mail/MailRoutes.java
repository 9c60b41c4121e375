package chorus.mail;

import chorus.core.Addresses;
import chorus.core.Config;
import chorus.core.Failure;
import chorus.db.Subscriptions;
import chorus.http.ErrorPages;
import chorus.mail.Tokens.Purpose;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail links and the SES feedback endpoint, outside {@code /api/}:
 * <ul>
 *   <li>{@code GET /mail/confirm?t=&l=}: a page asking to confirm the address; {@code POST} confirms it (and the newsletter
 *       when asked: double opt-in) and queues the fan's welcome mail;</li>
 *   <li>{@code GET /mail/unsubscribe?t=&l=}: a page with a button; {@code POST} with {@code List-Unsubscribe=One-Click}
 *       unsubscribes at once (RFC 8058);</li>
 *   <li>{@code POST /mail/sns}: SNS notifications from SES, signature verified, at most an hour old, each MessageId
 *       acted on once; bounces and complaints suppress.</li>
 * </ul>
 * Bad or forged tokens and malformed bodies answer 4xx problem JSON (a browser gets the same status as a page in its
 * language that tells how to get a new confirmation link); bodies are size-limited.
 */
public final class MailRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(MailRoutes.class);
  static final int FORM_LIMIT = 4 * 1024;
  static final int SNS_LIMIT = 256 * 1024;

  private final Tokens tokens;
  private final Pool pool;
  private final Outbox outbox;
  private final SnsVerifier sns;
  private final SnsMessages snsMessages;
  private final String mailHost;

  private MailRoutes(Tokens tokens, Pool pool, SnsVerifier sns, String mailHost) {
    this.tokens = tokens;
    this.mailHost = mailHost;
    this.pool = pool;
    this.outbox = new Outbox(pool);
    this.sns = sns;
    this.snsMessages = new SnsMessages(pool);
  }

  /** Mounts the routes (call before the static-file route); production passes {@link SnsVerifier#httpsLoader}. */
  public static void mount(Router router, Vertx vertx, Config config, Pool pool, SnsVerifier.CertificateLoader certificates) {
    MailRoutes routes = new MailRoutes(new Tokens(config.string("secret")), pool,
        new SnsVerifier(certificates, config.json().getString("mail.snsTopicArn")), URI.create(config.string("publicBaseUrl")).getHost());
    BodyHandler form = BodyHandler.create(false).setBodyLimit(FORM_LIMIT);
    BodyHandler json = BodyHandler.create(false).setBodyLimit(SNS_LIMIT);
    router.get(MailComposer.CONFIRM_PATH).handler(routes::confirmPage);
    router.post(MailComposer.CONFIRM_PATH).handler(form).handler(routes::confirm);
    router.get(MailComposer.UNSUBSCRIBE_PATH).handler(routes::unsubscribePage);
    router.post(MailComposer.UNSUBSCRIBE_PATH).handler(form).handler(routes::unsubscribe);
    router.post("/mail/sns").handler(json).handler(routes::sns);
  }

  private void confirmPage(RoutingContext ctx) {
    claim(ctx).ifPresent(v -> page(ctx, MailComposer.CONFIRM_PATH, "confirm", false));
  }

  private void unsubscribePage(RoutingContext ctx) {
    address(ctx, Purpose.UNSUBSCRIBE).ifPresent(email -> page(ctx, MailComposer.UNSUBSCRIBE_PATH, "unsubscribe", true));
  }

  /** The GET page of a link: its question and one button that POSTs back to the same link. */
  private void page(RoutingContext ctx, String path, String texts, boolean oneClick) {
    String lang = lang(ctx);
    MailPages.question(ctx, lang, MailTexts.get(lang, texts + "Title"), MailTexts.get(lang, texts + "Question"),
        MailTexts.get(lang, texts + "Button"), action(ctx, path, lang), oneClick);
  }

  /** The mailbox confirms the claim the link is bound to: the address becomes that fan's, and its welcome is queued. */
  private void confirm(RoutingContext ctx) {
    String welcome = "<" + UUID.randomUUID() + "@" + mailHost + ">";
    claim(ctx).ifPresent(v -> Subscriptions.confirm(pool, v.email(), v.claimId(), welcome).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) ctx.vertx().eventBus().publish(Addresses.MAIL_OUTBOX_WAKE, null);
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ar.result()) {
        ctx.fail(Failure.notFound("This address is no longer waiting for this confirmation."));
      } else {
        String lang = lang(ctx);
        MailPages.answer(ctx, lang, MailTexts.get(lang, "confirmTitle"), MailTexts.get(lang, "confirmDone"));
      }
    }));
  }

  private void unsubscribe(RoutingContext ctx) {
    Optional<String> address = address(ctx, Purpose.UNSUBSCRIBE);
    if (address.isEmpty()) return;
    if (!"One-Click".equals(ctx.request().getFormAttribute("List-Unsubscribe"))) {
      ctx.fail(Failure.invalidField("List-Unsubscribe", "Send the form field List-Unsubscribe=One-Click (RFC 8058)."));
      return;
    }
    outbox.unsubscribe(address.get(), "unsubscribe").onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      String lang = lang(ctx);
      MailPages.answer(ctx, lang, MailTexts.get(lang, "unsubscribeTitle"), MailTexts.get(lang, "unsubscribeDone"));
    });
  }

  private void sns(RoutingContext ctx) {
    JsonObject message;
    try {
      message = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(Failure.invalid("The body is not an SNS JSON message."));
      return;
    }
    if (message == null) {
      ctx.fail(Failure.invalid("The body is not an SNS JSON message."));
      return;
    }
    sns.verify(message).compose(m -> snsMessages.firstTime(m.getString("MessageId")).compose(first -> {
      if (!first) return io.vertx.core.Future.succeededFuture(-1);
      return act(m).recover(e -> snsMessages.forget(m.getString("MessageId")).transform(ar -> io.vertx.core.Future.failedFuture(e)));
    })).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (ar.result() > 0) LOG.info("SES feedback suppressed {} address(es)", ar.result());
      JsonObject body = ar.result() < 0 ? new JsonObject().put("suppressed", 0).put("duplicate", true)
          : new JsonObject().put("suppressed", ar.result());
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.encode());
    });
  }

  /** Acts on a verified message seen for the first time; the future holds how many addresses it suppressed. */
  private io.vertx.core.Future<Integer> act(JsonObject m) {
    return switch (m.getString("Type")) {
      case "SubscriptionConfirmation" -> {
        String url = m.getString("SubscribeURL");
        LOG.warn("SNS subscription confirmation for topic {}: confirm by opening SubscribeURL {} (host {})", m.getString("TopicArn"),
            url, SnsVerifier.snsHost(url) ? "verified as SNS" : "NOT an SNS host: do not open");
        yield io.vertx.core.Future.succeededFuture(0);
      }
      case "Notification" -> {
        JsonObject ses;
        try {
          ses = new JsonObject(m.getString("Message"));
        } catch (DecodeException e) {
          yield io.vertx.core.Future.<Integer>failedFuture(Failure.invalidField("Message", "The notification is not SES JSON."));
        }
        yield SesNotifications.apply(ses, outbox);
      }
      default -> io.vertx.core.Future.succeededFuture(0);
    };
  }

  /** The token's address, or empty after failing the request with a 400 problem. */
  private Optional<String> address(RoutingContext ctx, Purpose purpose) {
    return verified(ctx, t -> tokens.verify(purpose, t, Instant.now()));
  }

  record Claim(String email, UUID claimId) {}

  /** The address and claim of a confirm link, or empty after failing the request with a 400 problem. */
  private Optional<Claim> claim(RoutingContext ctx) {
    return verified(ctx, t -> tokens.verifyBound(Purpose.CONFIRM, t, Instant.now()).flatMap(v -> {
      try {
        return Optional.of(new Claim(v.email(), UUID.fromString(v.claim())));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }));
  }

  private static <T> Optional<T> verified(RoutingContext ctx, Function<String, Optional<T>> verify) {
    ErrorPages.offerNewLink(ctx); // a link that does not work: a browser is told how to get a new one
    String token = ctx.request().getParam("t");
    if (token == null || token.isBlank()) {
      ctx.fail(Failure.invalidField("t", "The link is incomplete: its token is missing."));
      return Optional.empty();
    }
    Optional<T> v = verify.apply(token);
    if (v.isEmpty()) ctx.fail(Failure.of(Failure.Kind.INVALID, "invalid-token", "Invalid link", "This link is not valid or has expired."));
    return v;
  }

  private static String lang(RoutingContext ctx) {
    return MailTexts.lang(ctx.request().getParam("l"));
  }

  private static String action(RoutingContext ctx, String path, String lang) {
    return path + "?t=" + URLEncoder.encode(ctx.request().getParam("t"), StandardCharsets.UTF_8) + "&l=" + lang;
  }
}
