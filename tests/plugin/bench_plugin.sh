#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Plugin benchmark on the generator's scale capture (1,000,000 frames, 100,000 UEs by
# default, generated on demand and never committed): what the plugin costs on top of
# tshark's own dissection, measured in paired, alternating runs.
#
# Workloads, each paired with the baseline tshark -n -r BIG -q -Y nas-eps --disable-protocol esm
# (the plugin off; for `fields` the baseline is two-pass and prints frame.number of every
# NAS frame, so that both sides write one line per frame):
#   nas-eps   -q -Y nas-eps                          the plugin analysing, nothing shown
#   esm       -q -Y esm                              a filter on the plugin's own field
#   triage    -q -z esm,triage                       the triage table
#   fields    -2 -Y esm -T fields -e esm.finding     two passes, one field printed
# For each, PAIRS pairs (default 5) of one baseline run and one plugin run, the order
# swapped every pair (base first, then plugin first, ...); per pair the ratio of the
# plugin's figure to its partner's. Printed: medians of wall time, CPU time (user +
# system) and peak resident memory, the median ratio and its spread (lowest..highest
# pair), and whether each target is met: time <= 1.10x, peak memory <= 1.25x.
#
# Then the moonshot: esmtrace against tshark's own NAS-EPS dissection of the same
# frames, three configurations rotated PAIRS times, all with -q -Y s1ap:
#   none      --disable-protocol nas-eps,esm   (S1AP only)
#   nas-eps   --disable-protocol esm           (S1AP + tshark's NAS-EPS)
#   esm       --disable-protocol nas-eps       (S1AP + esmtrace, which decodes NAS itself)
# NAS-EPS costs nas-eps - none, esmtrace costs esm - none (medians, CPU time).
#
# usage: tests/plugin/bench_plugin.sh BUILD_DIR [FRAMES [UES]]
#   BUILD_DIR   a build folder with tests/gen/esmgen; the plugin must be installed
#   env PAIRS   pairs per workload (default 5, at least 1)
#   env BENCH_DIR where BIG goes (default /tmp); WORKLOADS to run a subset
#               (default "nas-eps esm triage fields moonshot")
#   env CHECK=1 exit 1 when a target is missed
set -euo pipefail
build=${1:?usage: bench_plugin.sh BUILD_DIR [FRAMES [UES]]}
frames=${2:-1000000}
ues=${3:-100000}
pairs=${PAIRS:-5}
workloads=${WORKLOADS:-nas-eps esm triage fields moonshot}
big=${BENCH_DIR:-/tmp}/esmtrace-scale-${frames}f-${ues}u.pcapng

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
tshark -G plugins 2>/dev/null | grep -q esmtrace || { echo "the esmtrace plugin is not installed" >&2; exit 2; }
if [ ! -s "$big" ]; then
  "$build/tests/gen/esmgen" --scale --ues "$ues" --frames "$frames" -o "$big"
fi

tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
# run ARGS...: one tshark run; prints "wall cpu peak_kib"
run() {
  /usr/bin/time -o "$tf" -f "%e %U %S %M" tshark -n -r "$big" "$@" >/dev/null 2>&1 || {
    echo "tshark failed: tshark -n -r $big $*" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' < <(tail -1 "$tf")
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

base=(-q -Y nas-eps --disable-protocol esm)
echo "capture: $big ($frames frames, $ues UEs), $pairs pairs per workload, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %10s %10s %10s %10s %10s %10s  %-17s %-17s %-17s %s\n' workload "base wall" "wall" "base cpu" "cpu" \
  "base MiB" "MiB" "wall ratio" "cpu ratio" "mem ratio" targets
missed=0
for w in $workloads; do
  [ "$w" = moonshot ] && continue
  case $w in
    nas-eps) plug=(-q -Y nas-eps); b=("${base[@]}") ;;
    esm)     plug=(-q -Y esm); b=("${base[@]}") ;;
    triage)  plug=(-q -z esm,triage); b=("${base[@]}") ;;
    fields)  plug=(-2 -Y esm -T fields -e esm.finding)
             b=(-2 -Y nas-eps --disable-protocol esm -T fields -e frame.number) ;;
    *) echo "unknown workload $w" >&2; exit 2 ;;
  esac
  rows=""
  for i in $(seq "$pairs"); do
    if [ $((i % 2)) -eq 1 ]; then x=$(run "${b[@]}"); y=$(run "${plug[@]}")
    else y=$(run "${plug[@]}"); x=$(run "${b[@]}"); fi
    rows+="$x $y"$'\n'
  done
  col() { printf '%s' "$rows" | awk -v c="$1" 'NF { print $c }'; }
  ratio() { printf '%s' "$rows" | awk -v a="$1" -v b="$2" 'NF { printf "%.4f\n", $b / $a }'; }
  spread() { ratio "$1" "$2" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f..%.2f", lo, hi }'; }
  rt=$(ratio 1 4 | median); rc=$(ratio 2 5 | median); rm=$(ratio 3 6 | median)
  ok=$(awk -v t="$rt" -v m="$rm" 'BEGIN { print (t <= 1.10 && m <= 1.25) ? "met" : "MISSED" }')
  [ "$ok" = met ] || missed=1
  printf '%-8s %10s %10s %10s %10s %10.0f %10.0f  %-17s %-17s %-17s %s\n' "$w" "$(col 1 | median)" "$(col 4 | median)" \
    "$(col 2 | median)" "$(col 5 | median)" "$(col 3 | median | awk '{ print $1 / 1024 }')" \
    "$(col 6 | median | awk '{ print $1 / 1024 }')" "$(printf '%.2f (%s)' "$rt" "$(spread 1 4)")" \
    "$(printf '%.2f (%s)' "$rc" "$(spread 2 5)")" "$(printf '%.2f (%s)' "$rm" "$(spread 3 6)")" \
    "time <= 1.10x, memory <= 1.25x: $ok"
done

if [[ " $workloads " == *" moonshot "* ]]; then
  none=(-q -Y s1ap --disable-protocol nas-eps,esm)
  naseps=(-q -Y s1ap --disable-protocol esm)
  esm=(-q -Y s1ap --disable-protocol nas-eps)
  rows=""
  for i in $(seq "$pairs"); do
    case $((i % 3)) in
      1) a=$(run "${none[@]}"); n=$(run "${naseps[@]}"); e=$(run "${esm[@]}") ;;
      2) n=$(run "${naseps[@]}"); e=$(run "${esm[@]}"); a=$(run "${none[@]}") ;;
      0) e=$(run "${esm[@]}"); a=$(run "${none[@]}"); n=$(run "${naseps[@]}") ;;
    esac
    rows+="$a $n $e"$'\n'
  done
  # per rotation: the extra CPU seconds of NAS-EPS and of esmtrace over S1AP alone
  nas_cost=$(printf '%s' "$rows" | awk 'NF { print $5 - $2 }' | median)
  esm_cost=$(printf '%s' "$rows" | awk 'NF { print $8 - $2 }' | median)
  nas_mem=$(printf '%s' "$rows" | awk 'NF { print ($6 - $3) / 1024 }' | median)
  esm_mem=$(printf '%s' "$rows" | awk 'NF { print ($9 - $3) / 1024 }' | median)
  echo "moonshot (-q -Y s1ap, medians of $pairs rotations, CPU seconds over S1AP alone):"
  printf '  tshark NAS-EPS dissection: %.2f s, %+.0f MiB   esmtrace (decode + tracker + storage): %.2f s, %+.0f MiB   -> %s\n' \
    "$nas_cost" "$nas_mem" "$esm_cost" "$esm_mem" \
    "$(awk -v a="$esm_cost" -v b="$nas_cost" 'BEGIN { print (a < b) ? "esmtrace costs less" : "esmtrace costs more" }')"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${CHECK:-0}" = 1 ] && [ $missed = 1 ] && exit 1
exit 0
