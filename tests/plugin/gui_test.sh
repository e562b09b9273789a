#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# GUI test: Wireshark (Qt) under Xvfb with the installed plugin. It opens a capture
# filtered on resent requests, expands the "ESM bearer analysis" subtree of the first
# resend, then opens Statistics > Telephony > LTE > ESM triage (-z esm,triage), then
# chooses Tools > ESM > Bearer report (HTML) and checks the report the (stand-in)
# browser gets, and writes a screenshot of each. Last, with the subscribers' keys in the
# profile's esm_nas_keys table (the file the GUI's table writes), it opens the EEA2
# capture pcaps/20-t3485-retransmissions-eea2 on a resent request and screenshots the
# deciphered frame: the integrity and deciphering in the ESM subtree, Wireshark's own
# NAS-EPS decode of the deciphered message and the "Deciphered NAS" bytes. Fails when a
# window does not appear, the plugin's subtree is not in the packet details, no report
# reaches the browser or the frame is not shown deciphered.
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
ws1=$!
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
ws2=$!
t=$(wait_window "ESM triage")
sleep 3
xdotool windowmove "$t" 0 0 windowsize "$t" 1600 700
sleep 2
import -window root "$out/gui-triage.png"

# 3. Tools > ESM > Bearer report (HTML): the report of the open capture goes to a temporary
# file and to the desktop's browser, here a stand-in made the default handler for HTML
# (XDG mimeapps.list) that keeps a copy.
kill "$ws1" "$ws2" 2>/dev/null || true   # their windows bear the same capture name
sleep 2
fake=$(mktemp -d)
mkdir -p "$fake/data/applications" "$fake/config"
rm -f "$out/gui-report.html"
printf '#!/bin/sh\ncp "$1" "%s/gui-report.html"\n' "$out" > "$fake/browser.sh"
chmod +x "$fake/browser.sh"
printf '[Desktop Entry]\nType=Application\nName=esmtrace test browser\nExec=%s/browser.sh %%f\nMimeType=text/html;application/octet-stream;\nNoDisplay=true\n' \
  "$fake" > "$fake/data/applications/esmtrace-test-browser.desktop"
printf '[Default Applications]\ntext/html=esmtrace-test-browser.desktop\napplication/octet-stream=esmtrace-test-browser.desktop\n' \
  > "$fake/config/mimeapps.list"
XDG_DATA_HOME="$fake/data" XDG_CONFIG_HOME="$fake/config" XDG_DATA_DIRS="$fake/data:/usr/share" \
  wireshark -r "$cap" -o gui.layout_content_3:NONE >/dev/null 2>"$out/gui-report.log" &
pids+=($!)
w=$(wait_window "^${name}")
sleep 3
xdotool windowmove "$w" 0 0 windowsize "$w" 1600 1000
sleep 2
xdotool mousemove 300 700 click 1 2>/dev/null   # focus (no window manager under Xvfb)
sleep 0.5
xdotool key alt+t 2>/dev/null      # Tools
sleep 1
xdotool key e 2>/dev/null          # ESM
sleep 1
import -window root "$out/gui-tools-menu.png"
xdotool key b 2>/dev/null          # Bearer report (HTML)
for _ in $(seq 30); do [ -s "$out/gui-report.html" ] && break; sleep 1; done
rm -rf "$fake"
[ -s "$out/gui-report.html" ] || { echo "FAIL: Tools > ESM > Bearer report opened no report" >&2; cat "$out/gui-report.log" >&2; exit 1; }
want=$(tshark -n -q -r "$cap" -z esm,triage 2>/dev/null | grep -c '^[0-9]* |')
python3 -c '
import sys
sys.path.insert(0, sys.argv[4])
import check_report
data, problems = check_report.read_page(sys.argv[1])
if problems or data["title"] != sys.argv[2] or len(data["triage"]) != int(sys.argv[3]):
    sys.exit("FAIL: the report from the GUI: %s, title %r, %s findings (want %s)" %
             (problems, data and data["title"], data and len(data["triage"]), sys.argv[3]))
' "$out/gui-report.html" "$name" "$want" "$top/tests/report" || exit 1

# 4. A deciphered frame: the keys in a profile's esm_nas_keys file, a taller screen, the
# packet list short and the details tall (the profile's recent file), the ESM subtree
# expanded one level and the NAS-EPS decode of the deciphered message in full.
ccap=$top/pcaps/20-t3485-retransmissions-eea2.pcapng
cfg=$(mktemp -d)
grep -v '^#' "${ccap%.pcapng}.keys" > "$cfg/esm_nas_keys"
printf 'gui.geometry_main_upper_pane: 160\ngui.geometry_main_lower_pane: 780\n' > "$cfg/recent"
dframe=$(WIRESHARK_CONFIG_DIR=$cfg tshark -n -r "$ccap" -Y "esm.deciphered && esm.retrans_count > 0" \
  -T fields -e frame.number 2>/dev/null | head -1)
[ -n "$dframe" ] || { echo "FAIL: no deciphered resend in $(basename "$ccap") with its keys" >&2; exit 1; }
WIRESHARK_CONFIG_DIR=$cfg tshark -n -r "$ccap" -Y "frame.number == $dframe" -V -x 2>/dev/null >"$out/gui-deciphered.txt"
grep -q 'NAS integrity: ok (COUNT [0-9]*, 128-EIA2)' "$out/gui-deciphered.txt" && \
  grep -q 'Deciphered NAS ([0-9]* bytes)' "$out/gui-deciphered.txt" && \
  grep -q 'Activate dedicated EPS bearer context request' "$out/gui-deciphered.txt" \
  || { echo "FAIL: frame $dframe of $(basename "$ccap") is not shown deciphered" >&2; exit 1; }
disp2=:$((80 + RANDOM % 9))
Xvfb "$disp2" -screen 0 1600x1400x24 -ac -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 2
DISPLAY=$disp2 WIRESHARK_CONFIG_DIR=$cfg wireshark -r "$ccap" -Y "esm.deciphered && esm.retrans_count > 0" \
  -g "$dframe" -o gui.layout_type:1 >/dev/null 2>&1 &
pids+=($!)
w=$(DISPLAY=$disp2 wait_window "^$(basename "$ccap")")
sleep 3
DISPLAY=$disp2 xdotool windowmove "$w" 0 0 windowsize "$w" 1600 1400
sleep 2
DISPLAY=$disp2 xdotool mousemove 300 500 click 1 2>/dev/null   # into the packet details
sleep 0.5
DISPLAY=$disp2 xdotool key End Up Right 2>/dev/null             # the ESM subtree, one level
sleep 0.5
DISPLAY=$disp2 xdotool key End shift+Right 2>/dev/null          # NAS-EPS of the deciphered bytes
sleep 2
DISPLAY=$disp2 import -window root "$out/gui-deciphered-frame.png"
rm -rf "$cfg"

for f in gui-resent-frame.png gui-triage.png gui-tools-menu.png gui-deciphered-frame.png; do
  [ -s "$out/$f" ] || { echo "FAIL: no $f" >&2; exit 1; }
done
echo "screenshots: $out/gui-resent-frame.png $out/gui-triage.png $out/gui-tools-menu.png (frame $first expanded)," \
  "$out/gui-deciphered-frame.png (frame $dframe of $(basename "$ccap")); report from the GUI: $out/gui-report.html"
