#!/usr/bin/env bash
# Debian tools the checks beside and inside the test suite use: promtool (Prometheus) for the alert rules and
# spamassassin for the fan mails' spam score (SpamScoreTest). Safe to run again: installs only what is missing.
# Needs root (or sudo) and the Debian apt mirror.
set -euo pipefail
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v spamassassin >/dev/null || missing+=(spamassassin)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-tools: $(promtool --version 2>&1 | head -n1); $(spamassassin --version 2>&1 | head -n1) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
promtool --version | head -n1
spamassassin --version | head -n1
