#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the HTML bearer report (prints figures; not a timed test).
#
# 1. tshark with the plugin on the generator's scale capture (1,000,000 frames and
#    100,000 UEs by default; generated on demand, never committed), paired and
#    alternating runs of
#      analysis   tshark -n -q -r BIG -z esm,triage            the analysis and its table
#      report     tshark -n -q -r BIG -z esm,report,OUT.html   the same, recording and writing the report
#    with the median and spread (min-max) of wall time, CPU time and peak memory, the
#    time the plugin took to write the report (it prints it), the report's size, UEs and
#    findings, and the ratio of the write time to the analysis run's CPU time: no report
#    may take longer to write than the analysis itself.
# 2. The core alone, build/tests/track/bench_track (1,000,000 events from 100,000 UEs),
#    paired runs without and with --report: the tracker's CPU time and memory, with the
#    recording, the write time over the tracker's time without it, the size.
# 3. With chromium installed: the time headless Chromium takes to load and draw the
#    report of 1., and its JavaScript heap.
#
# usage: tests/report/bench_report.sh BUILD_DIR [FRAMES [UES]]
#   BUILD_DIR  a build folder (tests/gen/esmgen, tests/track/bench_track); the plugin
#              must be installed (cmake --build BUILD_DIR --target plugin-install)
#   env RUNS   pairs of runs (default 3); BENCH_DIR where BIG and the report go (/tmp)
set -euo pipefail
build=$(realpath "${1:?usage: bench_report.sh BUILD_DIR [FRAMES [UES]]}")
frames=${2:-1000000}
ues=${3:-100000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/tmp}
big=$dir/esmtrace-scale-${frames}f-${ues}u.pcapng
out=$dir/esmtrace-report-${frames}f-${ues}u.html
here=$(cd "$(dirname "$0")" && pwd)

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
tshark -G plugins 2>/dev/null | grep -c esmtrace >/dev/null || { echo "the esmtrace plugin is not installed" >&2; exit 2; }
[ -s "$big" ] || "$build/tests/gen/esmgen" --scale --ues "$ues" --frames "$frames" -o "$big"

tf=$(mktemp)
log=$(mktemp)
trap 'rm -f "$tf" "$log"' EXIT
declare -A wall cpu mem
wall=([analysis]="" [report]="") cpu=([analysis]="" [report]="") mem=([analysis]="" [report]="")
writes=""
# one run: appends wall, CPU (user + system) and peak RSS to the configuration's lists
one() {
  local name=$1; shift
  /usr/bin/time -o "$tf" -f "%e %U %S %M" tshark -n -q -r "$big" "$@" >"$log" 2>&1
  read -r w u s m < <(tail -1 "$tf")
  wall[$name]+="$w "
  cpu[$name]+="$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}') "
  mem[$name]+="$m "
}
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then order="analysis report"; else order="report analysis"; fi
  for c in $order; do
    if [ "$c" = analysis ]; then
      one analysis -z esm,triage
    else
      one report -z "esm,report,$out"
      line=$(grep '^ESM bearer report:' "$log")
      writes+="$(sed -E 's/.*written in ([0-9.]+) s.*/\1/' <<<"$line") "
    fi
  done
done

# median and spread of a list of numbers
stat() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {printf "%s (%s-%s)", v[int((NR+1)/2)], v[1], v[NR]}'; }
med() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

echo "capture: $big ($frames frames, $ues UEs); $runs paired runs, alternating; median (min-max)"
for c in analysis report; do
  printf "%-9s wall %s s, CPU %s s, peak RSS %s KiB\n" "$c" "$(stat "${wall[$c]}")" "$(stat "${cpu[$c]}")" "$(stat "${mem[$c]}")"
done
echo "report: $line"
printf "report write time: %s s; over the analysis run's CPU time: %.3f\n" "$(stat "$writes")" \
  "$(awk -v a="$(med "$writes")" -v b="$(med "${cpu[analysis]}")" 'BEGIN{print a / b}')"
printf "report run over analysis run: CPU %.2fx, peak memory %.2fx\n" \
  "$(awk -v a="$(med "${cpu[report]}")" -v b="$(med "${cpu[analysis]}")" 'BEGIN{print a / b}')" \
  "$(awk -v a="$(med "${mem[report]}")" -v b="$(med "${mem[analysis]}")" 'BEGIN{print a / b}')"
ls -l "$out" | awk '{printf "report size: %d octets (%.1f MiB)\n", $5, $5 / 1048576}'

echo
echo "== the core alone: bench_track, 1,000,000 events from 100,000 UEs, $runs paired runs without and with --report"
plain="" rec="" wr="" mplain="" mrec=""
bt=$dir/esmtrace-bench-track.html
for i in $(seq "$runs"); do
  for m in plain report; do
    [ $((i % 2)) = 0 ] && { [ $m = plain ] && m=report || m=plain; }
    if [ $m = plain ]; then
      o=$("$build/tests/track/bench_track")
      plain+="$(sed -nE 's/^tracker CPU time: ([0-9.]+) s.*/\1/p' <<<"$o") "
      mplain+="$(sed -nE 's/^peak memory \(maxrss\): ([0-9]+) KiB/\1/p' <<<"$o") "
    else
      o=$("$build/tests/track/bench_track" --report "$bt")
      rec+="$(sed -nE 's/^tracker CPU time: ([0-9.]+) s.*/\1/p' <<<"$o") "
      wr+="$(sed -nE 's/^report write CPU time: ([0-9.]+) s.*/\1/p' <<<"$o") "
      mrec+="$(sed -nE 's/^peak memory after writing \(maxrss\): ([0-9]+) KiB/\1/p' <<<"$o") "
      size=$(sed -nE 's/^report: [^,]*, ([0-9]+) octets.*/\1/p' <<<"$o")
    fi
  done
done
rm -f "$bt"
echo "tracker CPU time: $(stat "$plain") s; recording the report: $(stat "$rec") s"
echo "peak memory: $(stat "$mplain") KiB; recording and writing the report: $(stat "$mrec") KiB"
printf "report: %s octets, written in %s s of CPU time: %.2f of the tracker's without the report\n" "$size" \
  "$(stat "$wr")" "$(awk -v a="$(med "$wr")" -v b="$(med "$plain")" 'BEGIN{print a / b}')"

if command -v chromium >/dev/null; then
  echo
  echo "== headless Chromium (network off) loading the report of $frames frames"
  python3 - "$out" "$here" <<'EOF'
import os, sys, tempfile, time
sys.path.insert(0, sys.argv[2])
import browser_test
with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
    proc, dt = browser_test.start_chromium("chromium", os.path.join(tmp, "profile"), open(os.devnull, "w"))
    try:
        t = time.time()
        dt.call("Page.navigate", url="file://" + os.path.abspath(sys.argv[1]))
        dt.wait("Page.loadEventFired", timeout=600)
        load = time.time() - t
        ok = dt.js("document.body.getAttribute('data-rendered')") == "1"
        heap = dt.call("Runtime.getHeapUsage")["usedSize"] / 2**20
        text = open(sys.argv[1], encoding="utf-8").read()
        at = text.rfind('\n{"ue":')
        last = int(text[at + 7:text.index(",", at)])
        t = time.time()
        dt.js("location.hash = '#ue-%d'" % last)
        shown = dt.js("!!document.getElementById('ue-%d')" % last)
        nav = time.time() - t
        print("load and draw: %.1f s (script finished: %s), JavaScript heap %.0f MiB; to the last UE (%d): %.2f s (%s)"
              % (load, ok, heap, last, nav, "shown" if shown else "NOT shown"))
    finally:
        browser_test.stop_chromium(proc)
EOF
fi
