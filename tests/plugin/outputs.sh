#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Everything the installed plugin shows for a set of captures, one file per capture and
# view, so that two builds can be compared byte for byte (diff -r OUT_A OUT_B): a change
# meant only to make the plugin faster or smaller must leave every file identical.
#
# Views of each capture (the keys of pcaps/NAME.keys given as esm_nas_keys rows):
#   V1, V2         tshark -V, one pass and two passes (-2): every tree item and expert info
#   info1, info2   the Info column of every frame (-T fields -e _ws.col.Info), one and two passes
#   fields1, fields2  every registered esm.* field of every frame (-T fields -E occurrence=a)
#   nasfilter      frames matching -Y nas-eps under -q with -z expert (the findings as expert infos)
#   tables         -q -z esm,bearers -z esm,procedures -z esm,triage
#   report.html    -q -z esm,report,FILE
#
# usage: tests/plugin/outputs.sh OUT_DIR [CAPTURE...]
#   default captures: pcaps/*.pcapng and ESMTRACE_SHARED_DIR/pcaps/* (default ../shared)
set -euo pipefail
out=${1:?usage: outputs.sh OUT_DIR [CAPTURE...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${ESMTRACE_SHARED_DIR:-$root/../shared}
if [ $# -eq 0 ]; then
  set -- "$root"/pcaps/*.pcapng
  for c in "$shared"/pcaps/*.pcap "$shared"/pcaps/*.pcapng; do [ -e "$c" ] && set -- "$@" "$c"; done
fi
tshark -G plugins 2>/dev/null | grep -q esmtrace || { echo "the esmtrace plugin is not installed" >&2; exit 2; }
mkdir -p "$out"
# UE-side captures with DLT 147 (as the plugin tests read them)
dlt='uat:user_dlts:"User 0 (DLT=147)","mac-lte-framed","0","","0",""'
fields=()
while read -r f; do fields+=(-e "$f"); done < <(tshark -G fields 2>/dev/null | awk -F'\t' '$3 ~ /^esm\./ { print $3 }' | sort)
for cap in "$@"; do
  name=$(basename "${cap%.*}")
  keys=()
  k="$root/pcaps/$name.keys"
  if [ -e "$k" ]; then
    while read -r row; do keys+=(-o "uat:esm_nas_keys:$row"); done < <(grep -v '^#' "$k" | grep .)
  fi
  t() { tshark -n -o "$dlt" "${keys[@]}" -r "$cap" "$@" 2>&1; }
  t -V > "$out/$name.V1"
  t -2 -V > "$out/$name.V2"
  t -T fields -e frame.number -e _ws.col.Info > "$out/$name.info1"
  t -2 -T fields -e frame.number -e _ws.col.Info > "$out/$name.info2"
  t -T fields -E occurrence=a -E aggregator='|' -e frame.number "${fields[@]}" > "$out/$name.fields1"
  t -2 -T fields -E occurrence=a -E aggregator='|' -e frame.number "${fields[@]}" > "$out/$name.fields2"
  t -q -Y nas-eps -z expert > "$out/$name.nasfilter"
  t -q -z esm,bearers -z esm,procedures -z esm,triage > "$out/$name.tables"
  t -q -z "esm,report,$out/$name.report.html" > /dev/null
done
echo "$(ls "$out" | wc -l) files in $out"
