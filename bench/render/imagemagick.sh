#!/usr/bin/env bash
# Peer 1: ImageMagick the way the original system drew artworks: one `convert` process per artwork
# composing background + crest + team name + fan name (caption: fits the text to the box) and writing a
# JPEG. Single-threaded (MAGICK_THREAD_LIMIT=1) to compare per core.
# Usage: bench/render/imagemagick.sh [template] [script] [count]   e.g. facebook latin 40
source "$(dirname "$0")/common.sh"
TEMPLATE="${1:-facebook}"; SCRIPT="${2:-latin}"; COUNT="${3:-40}"
CONVERT=/usr/bin/convert   # the real ImageMagick (apt-get install imagemagick)
write_campaign
read -r W H CX CY CS NX NY NW NH TX TY TW TH TS NS <<< "${BOX[$TEMPLATE]}"
case "$SCRIPT" in cjk) NAMES=("${CJK[@]}");; arabic) NAMES=("${ARABIC[@]}");; *) NAMES=("${LATIN[@]}");; esac
FONT="$(font_for "$SCRIPT")"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export MAGICK_THREAD_LIMIT=1 OMP_NUM_THREADS=1
cpu_before=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)   # this shell + reaped children, ticks
start=$(date +%s.%N)
for ((i = 0; i < COUNT; i++)); do
  "$CONVERT" "$CAMPAIGN/campaign/artwork/$TEMPLATE.jpg" \
    \( "$CAMPAIGN/campaign/crests/aurora.png" -resize "${CS}x${CS}" \) -geometry "+$CX+$CY" -composite \
    \( -size "${TW}x${TH}" -background none -fill '#ffffffcc' -font "$FONTS/NotoSans_700Bold.ttf" \
       -pointsize "$TS" -gravity center caption:"Aurora" \) -geometry "+$TX+$TY" -composite \
    \( -size "${NW}x${NH}" -background none -fill white -font "$FONT" -gravity center \
       caption:"${NAMES[$((i % 8))]}" \) -geometry "+$NX+$NY" -composite \
    -quality 86 "$OUT/a$i.jpg"
done
end=$(date +%s.%N)
cpu_after=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
TICKS=$(getconf CLK_TCK)
identify_out=$(/usr/bin/identify -format '%m %wx%h' "$OUT/a0.jpg")
awk -v n="$COUNT" -v s="$start" -v e="$end" -v t="$TEMPLATE" -v sc="$SCRIPT" -v id="$identify_out" \
  -v cpu="$(( cpu_after - cpu_before ))" -v hz="$TICKS" \
  'BEGIN { d = e - s; c = cpu / hz; printf "imagemagick %s %s: %d artworks, %.1f per CPU-second (%.1f ms CPU each), %.1f per wall second [%s]\n", t, sc, n, n / c, 1000 * c / n, n / d, id }'
