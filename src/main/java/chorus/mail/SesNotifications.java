package chorus.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on an SES notification carried by SNS: permanent bounces and complaints suppress each named
 * recipient (never mailed again; a complaint also ends the newsletter subscription). Transient bounces
 * and deliveries change nothing. Handles both the notification format ({@code notificationType}) and
 * the event-publishing format ({@code eventType}).
 */
final class SesNotifications {
  private SesNotifications() {}

  /** How many addresses were newly suppressed. Each recipient is counted in {@code chorus_mail_feedback_total{type}}. */
  static Future<Integer> apply(JsonObject ses, Outbox outbox) {
    String type = ses.getString("notificationType", ses.getString("eventType", ""));
    List<Future<Boolean>> done = new ArrayList<>();
    if (type.equals("Bounce")) {
      JsonObject bounce = ses.getJsonObject("bounce", new JsonObject());
      boolean permanent = "Permanent".equals(bounce.getString("bounceType"));
      count(permanent ? "bounce" : "transient-bounce", recipients(bounce.getJsonArray("bouncedRecipients")).size());
      if (!permanent) return Future.succeededFuture(0);
      for (JsonObject r : recipients(bounce.getJsonArray("bouncedRecipients"))) {
        String detail = "bounce " + bounce.getString("bounceSubType", "") + " " + r.getString("diagnosticCode", "");
        done.add(outbox.suppress(r.getString("emailAddress"), "bounce", detail.trim()));
      }
    } else if (type.equals("Complaint")) {
      JsonObject complaint = ses.getJsonObject("complaint", new JsonObject());
      count("complaint", recipients(complaint.getJsonArray("complainedRecipients")).size());
      for (JsonObject r : recipients(complaint.getJsonArray("complainedRecipients"))) {
        String email = r.getString("emailAddress");
        String kind = complaint.getString("complaintFeedbackType", "complaint");
        done.add(outbox.suppress(email, "complaint", kind).compose(added -> outbox.unsubscribe(email, "complaint").map(added)));
      }
    }
    return Future.all(done).map(all -> (int) done.stream().filter(f -> f.result()).count());
  }

  /** SES feedback per recipient, by type: what the bounce alert and the dashboard read. */
  private static void count(String type, int recipients) {
    io.micrometer.core.instrument.MeterRegistry registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
    if (registry == null || recipients == 0) return;
    io.micrometer.core.instrument.Counter.builder("chorus.mail.feedback").description("SES bounces and complaints, per recipient")
        .tag("type", type).register(registry).increment(recipients);
  }

  private static List<JsonObject> recipients(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array == null) return out;
    for (int i = 0; i < array.size() && i < 100; i++) {
      Object o = array.getValue(i);
      if (o instanceof JsonObject j && j.getValue("emailAddress") instanceof String s && !s.isBlank() && s.length() <= 320) out.add(j);
    }
    return out;
  }
}
