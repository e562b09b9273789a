#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian 12 packages esmtrace needs to build and test (skips apt when all are present).
# Usage: bash tests/deps.sh [--gui]   (--gui adds what the Wireshark GUI test needs)
set -euo pipefail
pkgs=(build-essential cmake pkg-config libglib2.0-dev libcmocka-dev
      libwireshark-dev wireshark-dev tshark
      clang libclang-rt-14-dev libosmocore-dev libgcrypt20-dev python3 time)
if [ "${1:-}" = "--gui" ]; then
  pkgs+=(wireshark-qt xvfb imagemagick xdotool)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
