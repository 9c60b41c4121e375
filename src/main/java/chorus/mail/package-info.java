/**
 * Campaign mail. The subscription transaction writes a {@code mail_outbox} row and, after the commit,
 * publishes on {@code mail.outbox.wake}; {@link chorus.mail.MailerVerticle} (one per container) also polls.
 * It claims due rows under a lease ({@link chorus.mail.Outbox}), builds each mail in the fan's language
 * ({@link chorus.mail.MailComposer}, texts in {@code mail/<lang>.json}), sends it over SMTP or, in local mode
 * without SMTP, writes it to {@code mail.dir} ({@link chorus.mail.LocalMailWriter}), and marks it.
 * {@link chorus.mail.MailRoutes} serves the signed links ({@link chorus.mail.Tokens}) and the SES feedback
 * endpoint ({@link chorus.mail.SnsVerifier}); suppressed addresses are never mailed again.
 */
package chorus.mail;
