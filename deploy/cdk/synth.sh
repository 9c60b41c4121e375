#!/usr/bin/env bash
# Synthesises the CDK app (cdk-nag's AwsSolutions rules run during synth; an unsuppressed finding fails it) and
# writes each stack's CloudFormation template to deploy/cloudformation/.
#   deploy/cdk/synth.sh           # refresh the committed templates
#   deploy/cdk/synth.sh --check   # CI: fail when the committed templates differ from a fresh synth
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/aws-cdk-lib ] || npm ci --no-audit --no-fund --loglevel=error
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# the app itself, as `cdk synth` runs it (cdk.json), writing the cloud assembly to $OUT; no CLI needed
CDK_OUTDIR="$OUT" node bin/chorus.js >"$OUT/synth.log" 2>&1 || { cat "$OUT/synth.log" >&2; exit 1; }
mkdir -p ../cloudformation
status=0
for t in "$OUT"/*.template.json; do
  name=$(basename "$t")
  if [ "${1:-}" = --check ]; then
    if ! cmp -s "$t" "../cloudformation/$name"; then
      echo "deploy/cloudformation/$name differs from a fresh cdk synth: run deploy/cdk/synth.sh and commit" >&2
      diff <(python3 -m json.tool "../cloudformation/$name" 2>/dev/null || true) <(python3 -m json.tool "$t") | head -40 >&2 || true
      status=1
    fi
  else
    cp "$t" "../cloudformation/$name"
  fi
done
[ "${1:-}" = --check ] && [ $status = 0 ] && echo "deploy/cloudformation: templates match cdk synth"
exit $status
