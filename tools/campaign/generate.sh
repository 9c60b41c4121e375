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
# the file's rules: the JSON Schema conf/campaign.schema.json and the app's validator (one rule set with start-up)
./mvnw -q -o compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.mainClass=chorus.campaign.CampaignValidator \
  || ./mvnw -q compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.mainClass=chorus.campaign.CampaignValidator
# the assets' own checks: images, crests, the backing track's real duration, the size budget
java -cp "$out" Check
