#!/usr/bin/env bash
# Debian tools the checks beside the test suite use: promtool (Prometheus) for the alert rules. Safe to run
# again: does nothing when they are installed. Needs root (or sudo) and the Debian apt mirror.
set -euo pipefail
if command -v promtool >/dev/null; then
  echo "install-tools: $(promtool --version 2>&1 | head -n1) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends prometheus
promtool --version | head -n1
