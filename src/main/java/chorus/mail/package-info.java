/**
 * Campaign mail. The subscription transaction writes a neutral confirmation row ({@code confirm}) to
 * {@code mail_outbox}; the mailbox's click on its link writes the welcome ({@code welcome}) in the confirming
 * transaction; the job worker writes "you're in the song" ({@code in_song}, {@link chorus.mail.Outbox#queueInSong}) once an
 * approved take's preview is stored, for a fan who asked for news. After each commit the writer publishes on {@code mail.outbox.wake};
 * {@link chorus.mail.MailerVerticle} (one per container) also polls.
 * It claims due rows under a lease ({@link chorus.mail.Outbox}), builds each mail in the fan's language
 * ({@link chorus.mail.MailComposer}, texts in {@code mail/<lang>.json}), sends it over SMTP or, in local mode
 * without SMTP, writes it to {@code mail.dir} ({@link chorus.mail.LocalMailWriter}), and marks it.
 * {@link chorus.mail.MailRoutes} serves the signed links ({@link chorus.mail.Tokens}) and the SES feedback
 * endpoint ({@link chorus.mail.SnsVerifier}); suppressed addresses are never mailed again.
 */
package chorus.mail;
