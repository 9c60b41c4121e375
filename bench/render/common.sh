# Shared by the peer harnesses: builds the project's test classes and writes the generated test campaign
# (the same backgrounds and crests the JMH benchmark uses) to target/bench-campaign.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAMPAIGN="$ROOT/target/bench-campaign"
FONTS="$ROOT/fonts"

# template id -> "width height crestX crestY crestSize nameX nameY nameW nameH teamX teamY teamW teamH teamSize nameMaxSize"
# (the boxes of chorus.render.TestCampaign)
declare -A BOX=(
  [facebook]="1200 630 40 40 180 60 380 1080 160 60 556 1080 50 36 96"
  [cover]="1400 1400 1080 60 260 100 1060 1200 220 100 1300 1200 60 44 120"
  [x]="1200 600 40 40 170 60 360 1080 150 60 530 1080 46 34 90"
  [story]="1080 1920 400 260 280 60 1300 960 300 60 1620 960 70 48 130"
)
LATIN=("Antoine Griezmann" "Zoë Ångström" "Łukasz Żółć" "Ólafur Grímsson" "Çağlar Söyüncü" "Ana Sofia Ribeiro" "Jean-Pierre Dubois" "Mia Schmidt")
CJK=("山田太郎" "さくら ひなた" "张伟" "王芳芳" "陳冠希" "손흥민" "김민재" "佐藤 花子")
ARABIC=("محمد صلاح" "عبد الرحمن" "ياسين بونو" "رياض محرز" "حكيم زياش" "سالم الدوسري" "نور الهدى" "ليلى أحمد")

write_campaign() {
  (cd "$ROOT" && ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt)
  if [ ! -f "$CAMPAIGN/campaign/artwork/facebook.jpg" ]; then
    java -Djava.awt.headless=true -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-cp.txt")" \
      chorus.bench.WriteTestCampaign "$CAMPAIGN"
  fi
}

# font file for a script, as the original system would pick one per name
font_for() {
  case "$1" in
    cjk) echo "$FONTS/NotoSansSC_700Bold.ttf" ;;
    arabic) echo "$FONTS/NotoSansArabic_700Bold.ttf" ;;
    *) echo "$FONTS/NotoSans_700Bold.ttf" ;;
  esac
}
