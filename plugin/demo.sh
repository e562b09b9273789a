#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's main command. On a fresh Debian 12 machine: installs the packages
# needed, builds esmtrace, installs the Wireshark plugin (global plugin folder as root,
# personal folder otherwise) and runs tshark on a capture from pcaps/, printing the
# annotated timeline (the Info column carries the plugin's tags) and the triage table,
# and writes the HTML bearer report into build-demo/.
#
# usage: bash plugin/demo.sh [CAPTURE]     (default pcaps/06-t3486-t3495-retransmissions.pcapng)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cap=${1:-$top/pcaps/06-t3486-t3495-retransmissions.pcapng}
build=$top/build-demo

bash "$top/tests/deps.sh"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target esm-plugin esmgen >/dev/null
cmake --build "$build" --target plugin-install | grep -v "^\[" || true

# A capture missing from a checkout is rebuilt from its scenario file.
if [ ! -s "$cap" ] && [ -f "${cap%.pcapng}.scn" ]; then
  "$build/tests/gen/esmgen" -o "$cap" "${cap%.pcapng}.scn"
fi

echo
echo "== tshark -G plugins"
tshark -G plugins 2>/dev/null | grep esmtrace
echo
echo "== Timeline of $(basename "$cap"): every frame with an ESM analysis"
tshark -n -r "$cap" -Y esm \
  -o 'gui.column.format:"No.","%m","Time","%t","Info","%i"' 2>/dev/null
echo
echo "== Triage: every finding, most severe first"
tshark -n -q -r "$cap" -z esm,triage 2>/dev/null | sed -n '/^ESM triage:/,/^=====/p'
echo
echo "== HTML bearer report (open it in a browser)"
tshark -n -q -r "$cap" -z "esm,report,$build/$(basename "${cap%.pcapng}").html" 2>/dev/null
