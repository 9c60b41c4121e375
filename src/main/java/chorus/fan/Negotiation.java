package chorus.fan;

import chorus.campaign.Locales;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** The request's language from Vert.x Web's parsed {@code Accept-Language} and the CDN's country header. */
final class Negotiation {
  private Negotiation() {}

  static Locales.Choice choice(RoutingContext ctx, String countryHeader) {
    List<LanguageHeader> ranges = ctx.acceptableLanguages();
    List<String> tags = new ArrayList<>(ranges.size());
    for (LanguageHeader l : ranges) {
      if (l.weight() > 0 && l.tag() != null) tags.add(l.tag()); // a malformed range has no tag: no preference
    }
    return Locales.choose(tags, ctx.request().getHeader(countryHeader));
  }
}
