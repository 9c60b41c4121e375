#!/usr/bin/env bash
# Debian's Chromium and its chromedriver for the browser tests (src/test/java/chorus/web). Safe to run
# again: does nothing when both are already installed. Needs root (or sudo) and the Debian apt mirror.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "install-browser: $(/usr/bin/chromedriver --version | head -n1) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
/usr/bin/chromedriver --version
