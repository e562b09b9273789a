#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# GUI test: Wireshark (Qt) under Xvfb with the installed plugin. It opens a capture
# filtered on resent requests, expands the "ESM bearer analysis" subtree of the first
# resend, then opens Statistics > Telephony > LTE > ESM triage (-z esm,triage), and
# writes a screenshot of each. Fails when a window does not appear or the plugin's
# subtree is not in the packet details.
#
# usage: tests/plugin/gui_test.sh [CAPTURE [OUTDIR]]
#   default CAPTURE pcaps/06-t3486-t3495-retransmissions.pcapng, OUTDIR build-gui/
# needs: wireshark-qt xvfb imagemagick xdotool (bash tests/deps.sh --gui) and the
# plugin installed (cmake --build BUILD --target plugin-install).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cap=$(realpath "${1:-$top/pcaps/06-t3486-t3495-retransmissions.pcapng}")
out=$(mkdir -p "${2:-$top/build-gui}" && realpath "${2:-$top/build-gui}")
name=$(basename "$cap")
disp=:$((90 + RANDOM % 9))

for tool in wireshark Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "missing $tool: bash tests/deps.sh --gui" >&2; exit 2; }
done
tshark -G plugins 2>/dev/null | grep -c esmtrace >/dev/null || { echo "the esmtrace plugin is not installed" >&2; exit 2; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
Xvfb "$disp" -screen 0 1600x1000x24 -ac -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 2
export DISPLAY=$disp
XDG_RUNTIME_DIR=$(mktemp -d) && chmod 700 "$XDG_RUNTIME_DIR" && export XDG_RUNTIME_DIR

# wait_window TITLE-REGEX: the window id, or fail after 60 s
wait_window() {
  local w=""
  for _ in $(seq 60); do
    w=$(xdotool search --name "$1" 2>/dev/null | head -1) && [ -n "$w" ] && { echo "$w"; return 0; }
    sleep 1
  done
  echo "FAIL: no window '$1'" >&2
  return 1
}

# 1. The first resent request, its ESM subtree expanded (no byte pane: the tree gets the width).
wireshark -r "$cap" -Y "esm.retrans_count > 0" -o gui.layout_content_3:NONE >/dev/null 2>&1 &
pids+=($!)
w=$(wait_window "^${name}")
sleep 3
xdotool windowmove "$w" 0 0 windowsize "$w" 1600 1000
sleep 2
# Click into the packet details, go to its last top-level item (the plugin's) and
# expand it with its subtrees (shift+Right, "Expand Subtrees").
xdotool mousemove 300 700 click 1 2>/dev/null
sleep 0.5
xdotool key End shift+Right 2>/dev/null
sleep 2
import -window root "$out/gui-resent-frame.png"

# The packet details must show the plugin's subtree for a resend (checked through tshark,
# which renders the same stored results).
first=$(tshark -n -r "$cap" -Y "esm.retrans_count > 0" -T fields -e frame.number 2>/dev/null | head -1)
[ -n "$first" ] || { echo "FAIL: no resent request in $name" >&2; exit 1; }
tshark -n -r "$cap" -Y "frame.number == $first" -V 2>/dev/null | grep -c "Retransmission of: " >/dev/null \
  || { echo "FAIL: frame $first has no 'Retransmission of' item" >&2; exit 1; }

# 2. The triage table, opened the way the Statistics menu does.
wireshark -r "$cap" -z esm,triage >/dev/null 2>&1 &
pids+=($!)
t=$(wait_window "ESM triage")
sleep 3
xdotool windowmove "$t" 0 0 windowsize "$t" 1600 700
sleep 2
import -window root "$out/gui-triage.png"

for f in gui-resent-frame.png gui-triage.png; do
  [ -s "$out/$f" ] || { echo "FAIL: no $f" >&2; exit 1; }
done
echo "screenshots: $out/gui-resent-frame.png $out/gui-triage.png (frame $first expanded)"
