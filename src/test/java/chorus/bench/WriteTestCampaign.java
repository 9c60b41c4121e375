package chorus.bench;

import chorus.render.TestCampaign;
import java.nio.file.Path;

/**
 * Writes the generated test campaign (backgrounds, crests) to a directory for the peer harnesses in
 * bench/render/: {@code java -cp ... chorus.bench.WriteTestCampaign target/bench-campaign}.
 */
public final class WriteTestCampaign {
  private WriteTestCampaign() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-campaign");
    TestCampaign campaign = new TestCampaign(dir);
    System.out.println("wrote " + campaign.templates.size() + " backgrounds and 2 crests under " + dir);
  }
}
