#!/bin/sh
# Regenerates every demo campaign asset from scratch and checks the result.
# Run from anywhere; needs a JDK 17+ and Debian's lame (apt-get install lame).
#   tools/campaign/generate.sh          crests, artwork, audio, then the check
#   tools/campaign/generate.sh check    only the check
set -eu
cd "$(dirname "$0")/../.."
out=target/campaign-tools
mkdir -p "$out"
javac -d "$out" tools/campaign/*.java
if [ "${1:-all}" != check ]; then
  java -cp "$out" MakeCrests
  java -cp "$out" MakeArt
  java -cp "$out" MakeAudio
  java -cp "$out" MakeGuide
fi
java -cp "$out" Check
