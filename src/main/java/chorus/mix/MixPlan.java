package chorus.mix;

import java.util.ArrayList;
import java.util.List;

/**
 * The job tree of one stem: leaves of at most {@code batch} takes (level 0), merges of at most {@code fanIn}
 * submixes above them until at most {@code fanIn} remain, and one root that sums those, normalises and writes
 * the stem. A pure function of (take count, batch, fan-in), so every container computes the same tree.
 */
public record MixPlan(int takes, int batch, int fanIn, List<Integer> widths) {

  /** One job of the tree. For a leaf {@code [from, to)} are take ordinals; otherwise child indices one level down. */
  public record Node(int level, int index, int from, int to, boolean root) {
    public String name() {
      return root ? "root" : level + "-" + index;
    }
  }

  public static MixPlan of(int takes, int batch, int fanIn) {
    if (batch < 1 || fanIn < 2 || takes < 0) throw new IllegalArgumentException("batch >= 1, fanIn >= 2, takes >= 0");
    List<Integer> widths = new ArrayList<>();
    int w = Math.max(1, ceil(takes, batch));
    widths.add(w);
    while (w > fanIn) {
      w = ceil(w, fanIn);
      widths.add(w);
    }
    widths.add(1); // the root
    return new MixPlan(takes, batch, fanIn, List.copyOf(widths));
  }

  public int levels() {
    return widths.size();
  }

  public int rootLevel() {
    return widths.size() - 1;
  }

  public int jobs() {
    return widths.stream().mapToInt(Integer::intValue).sum();
  }

  public Node node(int level, int index) {
    if (level < 0 || level > rootLevel() || index < 0 || index >= widths.get(level)) {
      throw new IllegalArgumentException("no node " + level + "-" + index);
    }
    boolean root = level == rootLevel();
    if (level == 0 && !root) {
      return new Node(0, index, index * batch, Math.min(takes, (index + 1) * batch), false);
    }
    int below = widths.get(level - 1);
    int per = root ? below : fanIn;
    return new Node(level, index, index * per, Math.min(below, (index + 1) * per), root);
  }

  public List<Node> nodes(int level) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < widths.get(level); i++) out.add(node(level, i));
    return out;
  }

  /** The node that sums this one's output. */
  public Node parent(Node n) {
    if (n.root()) throw new IllegalArgumentException("the root has no parent");
    return n.level() + 1 == rootLevel() ? root() : node(n.level() + 1, n.index() / fanIn);
  }

  public Node root() {
    return node(rootLevel(), 0);
  }

  /** The voice gain for this stem: 1/&radic;N, so N voices sum to a steady level before the final normalisation. */
  public double voiceGain() {
    return takes == 0 ? 0 : 1 / Math.sqrt(takes);
  }

  private static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}
