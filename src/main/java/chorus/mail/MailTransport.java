package chorus.mail;

import chorus.core.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** Where composed mail goes: SMTP (Amazon SES's SMTP interface in production) or, in local mode, a folder. */
public interface MailTransport {

  Future<Void> send(MailMessage message);

  Future<Void> close();

  /** SMTP when {@code smtp.host} is set; otherwise (local mode only) .eml files in {@code mail.dir}. */
  static MailTransport create(Vertx vertx, Config config) {
    if (!config.has("smtp.host")) {
      if (!config.local()) throw new IllegalStateException("smtp.host must be set outside local mode");
      return new LocalMailWriter(vertx, config.string("mail.dir", "target/mail"));
    }
    MailClient client = MailClient.create(vertx, smtpConfig(config));
    return new MailTransport() {
      @Override
      public Future<Void> send(MailMessage message) {
        return client.sendMail(message).mapEmpty();
      }

      @Override
      public Future<Void> close() {
        return client.close();
      }
    };
  }

  static MailConfig smtpConfig(Config config) {
    int port = config.has("smtp.port") ? config.integer("smtp.port") : 587;
    String starttls = config.string("smtp.starttls", "required");
    boolean login = config.has("smtp.username");
    MailConfig mc = new MailConfig()
        .setHostname(config.string("smtp.host"))
        .setPort(port)
        .setSsl(port == 465)
        .setStarttls(port == 465 ? StartTLSOptions.DISABLED : StartTLSOptions.valueOf(starttls.toUpperCase(java.util.Locale.ROOT)))
        .setLogin(login ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setKeepAlive(true)
        .setMaxPoolSize(config.json().getInteger("mail.smtpConnections", 4))
        .setConnectTimeout(10_000)
        .setIdleTimeout(60)
        .setOwnHostname(config.string("mail.heloName", java.net.URI.create(config.string("publicBaseUrl")).getHost()));
    // password logins only (SES's SMTP interface): never offer the password as an OAuth token
    if (login) mc.setAuthMethods("PLAIN LOGIN").setUsername(config.string("smtp.username")).setPassword(config.string("smtp.password", ""));
    return mc;
  }
}
