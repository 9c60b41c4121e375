#!/usr/bin/env bash
# Peer 2: libvips in process (apt-get install libvips-dev), built here with gcc into target/.
# Usage: bench/render/vips.sh [template] [script] [count]   e.g. facebook latin 200
source "$(dirname "$0")/common.sh"
TEMPLATE="${1:-facebook}"; SCRIPT="${2:-latin}"; COUNT="${3:-200}"
write_campaign
BIN="$ROOT/target/vips_artwork"
gcc -O2 -Wall -o "$BIN" "$ROOT/bench/render/vips_artwork.c" $(pkg-config --cflags --libs vips)
read -r W H CX CY CS NX NY NW NH TX TY TW TH TS NS <<< "${BOX[$TEMPLATE]}"
case "$SCRIPT" in cjk) NAMES=("${CJK[@]}");; arabic) NAMES=("${ARABIC[@]}");; *) NAMES=("${LATIN[@]}");; esac
FONT="$(font_for "$SCRIPT")"
case "$SCRIPT" in cjk) FAMILY="Noto Sans SC Bold";; arabic) FAMILY="Noto Sans Arabic Bold";; *) FAMILY="Noto Sans Bold";; esac
echo -n "vips $TEMPLATE $SCRIPT: "
VIPS_CONCURRENCY=1 "$BIN" "$CAMPAIGN/campaign/artwork/$TEMPLATE.jpg" "$CAMPAIGN/campaign/crests/aurora.png" \
  "$FONT" "$FAMILY" "$W" "$H" "$CX" "$CY" "$CS" "$NX" "$NY" "$NW" "$NH" "$TX" "$TY" "$TW" "$TH" "$TS" "$NS" "$COUNT" "${NAMES[@]}"
