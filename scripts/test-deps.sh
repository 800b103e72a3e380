#!/usr/bin/env bash
# What the test suite needs beyond Python packages; installed only when missing.
set -euo pipefail
need=()
# (Debian packages are added here by the faces that need them, e.g. chromium for the web test.)
# The web chat's browser test drives Debian's Chromium through Playwright (no browser download).
command -v chromium >/dev/null || need+=(chromium)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
