#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages esmtrace needs to build and test (skips apt when all are present).
# The names hold on Debian 12 (Wireshark 4.0), 13 (4.4) and testing (4.6): `wireshark` is the
# Qt GUI everywhere (Debian 12's `wireshark` depends on `wireshark-qt`, the package 13 dropped),
# `libclang-rt-dev` is the compiler-rt of the distribution's default clang (libFuzzer, sanitizers).
# Usage: bash tests/deps.sh [--gui]   (--gui adds what the Wireshark GUI test and the HTML
# report's browser test need)
set -euo pipefail
pkgs=(build-essential cmake pkg-config libglib2.0-dev libcmocka-dev
      libwireshark-dev wireshark-dev tshark
      clang libclang-rt-dev libosmocore-dev libgcrypt20-dev python3 time
      file)  # file: dpkg-shlibdeps for the Debian packages (CPack)
if [ "${1:-}" = "--gui" ]; then
  pkgs+=(wireshark xvfb imagemagick xdotool chromium)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
