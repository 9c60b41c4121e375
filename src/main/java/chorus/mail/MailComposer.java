package chorus.mail;

import chorus.campaign.Campaign;
import chorus.campaign.Team;
import chorus.core.MailKind;
import chorus.core.RenderResult;
import chorus.mail.Tokens.Purpose;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the mail for an outbox row in the fan's language, as a plain-text and an HTML part ({@link Letter}):
 * <ul>
 *   <li>{@link MailKind#CONFIRM}, the first mail to an address nobody confirmed yet: neutral (campaign, artist,
 *       song, what the link does, the signed link bound to the claim, "ignore it if this wasn't you"), with
 *       nothing the requester typed, so the sign-up form cannot send a stranger's words to anyone;</li>
 *   <li>{@link MailKind#WELCOME}, queued when the mailbox confirms: in the fan's team colours, with the fan's
 *       name, their artwork as a hosted image with its alt text, the share page and the way back to the
 *       campaign, and honest words (the take is in; approved takes are mixed into the song);</li>
 *   <li>{@link MailKind#IN_SONG}, once per fan who asked for news, when their approved take's preview is ready: the take
 *       is mixed into the song, and the share page that plays it.</li>
 * </ul>
 * Every mail carries the privacy notice and unsubscribe links, {@code List-Id} and the RFC 8058 one-click
 * unsubscribe headers. The outbox's stable Message-ID is kept, so a resend after a crash is the same message.
 * The fan's name appears only in a welcome's bodies (escaped in HTML, isolated with bdi), never in a header.
 */
public final class MailComposer {
  public static final String CONFIRM_PATH = "/mail/confirm";
  public static final String UNSUBSCRIBE_PATH = "/mail/unsubscribe";
  /** The privacy notice every mail links to (the page is served by the web side). */
  public static final String PRIVACY_PATH = "/privacy";
  /** The contest terms every mail links to (served by the web side, like the notice). */
  public static final String TERMS_PATH = "/terms";
  /** Conservative: no whitespace, controls or characters that could end or split an address header. */
  private static final Pattern ADDRESS = Pattern.compile("[^\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\@]{1,64}@[^\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\@]{1,190}");
  private static final Pattern MESSAGE_ID = Pattern.compile("<[!-;=?-~]{1,200}@[!-;=?-~]{1,100}>");

  private final String from;
  private final String baseUrl;
  private final Tokens tokens;
  private final String unsubscribeMailto;
  private final Campaign campaign;
  private final String listId;

  /** {@code unsubscribeMailto} may be null: then List-Unsubscribe carries only the HTTPS URL. */
  public MailComposer(String from, String baseUrl, Tokens tokens, String unsubscribeMailto, Campaign campaign) {
    this.from = from;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.tokens = tokens;
    this.unsubscribeMailto = unsubscribeMailto == null || unsubscribeMailto.isBlank() ? null : unsubscribeMailto.trim();
    this.campaign = campaign;
    this.listId = listId(campaign.id(), this.baseUrl);
  }

  /** RFC 2919: {@code <campaign-id.host-of-publicBaseUrl>}, letters, digits and hyphens only. */
  static String listId(String campaignId, String baseUrl) {
    String label = campaignId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    String host;
    try {
      host = URI.create(baseUrl).getHost();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    if (host == null || !host.matches("[A-Za-z0-9.-]+")) host = "chorus.invalid";
    return "<" + (label.isEmpty() ? "campaign" : label) + "." + host.toLowerCase(Locale.ROOT) + ">";
  }

  /**
   * The kind a row is sent as. A {@code welcome} row that carries a claim was written by an older container,
   * for which the welcome was also the address's confirmation: it goes out as the neutral confirmation.
   */
  public static MailKind kindOf(Outbox.Row row) {
    MailKind kind = MailKind.of(row.kind());
    return kind == MailKind.WELCOME && row.payload().getString("claim") != null ? MailKind.CONFIRM : kind;
  }

  /** Throws {@link IllegalArgumentException} for a row that can never be sent (unknown kind, bad address). */
  public MailMessage compose(Outbox.Row row, Instant now) {
    MailKind kind = kindOf(row);
    if (row.email() == null || !ADDRESS.matcher(row.email()).matches()) throw new IllegalArgumentException("unusable address");
    if (row.messageId() == null || !MESSAGE_ID.matcher(row.messageId()).matches()) throw new IllegalArgumentException("malformed Message-ID");
    String lang = MailTexts.lang(row.lang());
    String unsubscribe = unsubscribeUrl(row.email(), lang, now);
    Map<String, String> names = Map.of("artist", campaign.artist(), "song", campaign.songTitle());
    String subject = Letter.fillText(MailTexts.get(lang, switch (kind) {
      case CONFIRM -> "confirmSubject";
      case WELCOME -> "welcomeSubject";
      case IN_SONG -> "inSongSubject";
    }), names);
    Letter letter = switch (kind) {
      case CONFIRM -> confirmation(row, lang, now, names);
      case WELCOME -> welcome(row, lang, names);
      case IN_SONG -> inSong(row, lang, names);
    };
    letter.footer(MailTexts.get(lang, switch (kind) {
      case CONFIRM -> "confirmFooter";
      case WELCOME -> "footer";
      case IN_SONG -> "newsFooter";
    }),
        new Letter.Link(MailTexts.get(lang, "privacy"), privacyUrl(lang)), new Letter.Link(MailTexts.get(lang, "terms"), termsUrl(lang)),
        new Letter.Link(MailTexts.get(lang, "unsubscribe"), unsubscribe));
    MailMessage m = new MailMessage()
        .setFrom(from)
        .setTo(row.email())
        .setSubject(subject)
        .setText(letter.text())
        .setHtml(letter.html(subject, campaign.artist(), campaign.songTitle()));
    m.addHeader("Message-ID", row.messageId());
    // SES may put its own Message-ID on the message: this copy keeps a resend recognisable either way
    m.addHeader("X-Chorus-Message-ID", row.messageId());
    m.addHeader("List-Id", listId);
    m.addHeader("List-Unsubscribe", "<" + unsubscribe + ">" + (unsubscribeMailto == null ? "" : ", <mailto:" + unsubscribeMailto + "?subject=unsubscribe>"));
    m.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    m.addHeader("Content-Language", lang);
    m.addHeader("Auto-Submitted", "auto-generated");
    return m;
  }

  /** Nothing from the payload but the claim the link is bound to: no name, no share link, no team. */
  private Letter confirmation(Outbox.Row row, String lang, Instant now, Map<String, String> names) {
    String claim = row.payload().getString("claim");
    if (claim == null) throw new IllegalArgumentException("confirmation without a claim");
    String confirm = confirmUrl(row.email(), claim, lang, now);
    return new Letter(lang, Letter.Brand.NEUTRAL)
        .heading(MailTexts.get(lang, "confirmHeading"), Map.of())
        .paragraph(MailTexts.get(lang, "confirmLead"), names)
        .paragraph(MailTexts.get(lang, "confirmWhat"), names)
        .button(null, MailTexts.get(lang, "confirmMailButton"), confirm)
        .linkOut(MailTexts.get(lang, "confirmFallback"), confirm)
        .note(MailTexts.get(lang, "confirmIgnore"), Map.of());
  }

  /** A letter in the colours of the fan's team (the payload's), neutral without one. */
  private Letter branded(Outbox.Row row, String lang) {
    Team team = campaign.team(row.payload().getString("team", "")).orElse(null);
    return new Letter(lang, team == null ? Letter.Brand.NEUTRAL : Letter.Brand.of(team.primary()));
  }

  /** "Hi {name}," with the fan's name from the payload (made safe), or without a name. */
  private static Letter greeting(Letter letter, Outbox.Row row, String lang) {
    String name = MailTexts.safeName(row.payload().getString("name"));
    return letter.paragraph(MailTexts.get(lang, name.isEmpty() ? "greetingNoName" : "greeting"), Map.of("name", name));
  }

  private Letter welcome(Outbox.Row row, String lang, Map<String, String> names) {
    Letter letter = greeting(branded(row, lang), row, lang);
    letter.paragraph(MailTexts.get(lang, row.hasTake() ? "welcomeIntro" : "welcomeIntroNoTake"), names);
    JsonObject artwork = row.artwork();
    JsonObject cover = artwork == null ? null : artwork.getJsonObject("cover");
    if (cover != null && cover.getString("key") != null) {
      String artworkTeam = campaign.team(artwork.getString("team", "")).map(t -> t.name(lang)).orElse(artwork.getString("team", ""));
      String alt = Letter.fillText(campaign.text(lang, "artworkAlt"),
          Map.of("name", MailTexts.safeName(artwork.getString("name")), "team", artworkTeam));
      letter.image(baseUrl + RenderResult.MEDIA_PATH + cover.getString("key"), cover.getInteger("width", 0), cover.getInteger("height", 0), alt);
    }
    if (row.shareId() != null) {
      letter.button(MailTexts.get(lang, "shareIntro"), MailTexts.get(lang, "shareButton"),
          baseUrl + "/s/" + URLEncoder.encode(row.shareId(), StandardCharsets.UTF_8));
    }
    return letter.button(null, MailTexts.get(lang, "campaignButton"), baseUrl + "/?lang=" + lang);
  }

  /**
   * "You're in the song": the honest news that the take was approved and mixed, and where to hear it: the fan's share page
   * (which plays the newest preview under a freshly signed URL; a signed URL in a mail would expire) or, without one,
   * the campaign page, which shows it in the browser the fan recorded with.
   */
  private Letter inSong(Outbox.Row row, String lang, Map<String, String> names) {
    Letter letter = greeting(branded(row, lang).heading(MailTexts.get(lang, "inSongHeading"), Map.of()), row, lang)
        .paragraph(MailTexts.get(lang, "inSongLead"), names);
    String campaignPage = baseUrl + "/?lang=" + lang;
    if (row.shareId() != null) {
      letter.button(MailTexts.get(lang, "inSongListen"), MailTexts.get(lang, "inSongButton"),
          baseUrl + "/s/" + URLEncoder.encode(row.shareId(), StandardCharsets.UTF_8));
    } else {
      letter.button(MailTexts.get(lang, "inSongOnPage"), MailTexts.get(lang, "inSongButton"), campaignPage);
    }
    return letter.button(null, MailTexts.get(lang, "campaignButton"), campaignPage);
  }

  public String unsubscribeUrl(String email, String lang, Instant now) {
    return baseUrl + UNSUBSCRIBE_PATH + "?t=" + tokens.sign(Purpose.UNSUBSCRIBE, email, now) + "&l=" + lang;
  }

  public String confirmUrl(String email, String claim, String lang, Instant now) {
    return baseUrl + CONFIRM_PATH + "?t=" + tokens.sign(Purpose.CONFIRM, email, claim, now) + "&l=" + lang;
  }

  public String privacyUrl(String lang) {
    return baseUrl + PRIVACY_PATH + "?lang=" + MailTexts.lang(lang);
  }

  /** The contest terms every mail links to, in the mail's language. */
  public String termsUrl(String lang) {
    return baseUrl + TERMS_PATH + "?lang=" + MailTexts.lang(lang);
  }
}
