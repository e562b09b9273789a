#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Plugin benchmark on the generator's scale capture (1,000,000 frames, 100,000 UEs by
# default, generated on demand and never committed). Prints, for one run each of
#   base    tshark -n -r BIG -q -Y nas-eps --disable-protocol esm   (plugin off)
#   nas-eps tshark -n -r BIG -q -Y nas-eps                          (plugin analysing)
#   esm     tshark -n -r BIG -q -Y esm
#   triage  tshark -n -r BIG -q -Y nas-eps -z esm,triage
# the wall time and peak memory (best of RUNS runs) and the ratios against both
# baselines. Targets: time ratio <= 1.25, peak memory ratio <= 1.5.
#
# usage: tests/plugin/bench_plugin.sh BUILD_DIR [FRAMES [UES]]
#   BUILD_DIR   a build folder with tests/gen/esmgen; the plugin must be installed
#   env RUNS    runs per configuration (default 3), BENCH_DIR where BIG goes (/tmp)
#   env CHECK=1 exit 1 when a target is missed
set -euo pipefail
build=${1:?usage: bench_plugin.sh BUILD_DIR [FRAMES [UES]]}
frames=${2:-1000000}
ues=${3:-100000}
runs=${RUNS:-3}
big=${BENCH_DIR:-/tmp}/esmtrace-scale-${frames}f-${ues}u.pcapng

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
tshark -G plugins 2>/dev/null | grep -c esmtrace >/dev/null || { echo "the esmtrace plugin is not installed" >&2; exit 2; }
if [ ! -s "$big" ]; then
  "$build/tests/gen/esmgen" --scale --ues "$ues" --frames "$frames" -o "$big"
fi

# best_of NAME ARGS...: min wall seconds and max peak RSS (KiB) over $runs runs
best_of() {
  local name=$1; shift
  local best_t="" best_c="" best_m=0 t c m tf
  tf=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$tf" -f "%e %U %S %M" tshark -n -r "$big" -q "$@" >/dev/null 2>&1
    read -r t u sy m < <(tail -1 "$tf")
    c=$(awk -v a="$u" -v b="$sy" 'BEGIN{print a + b}')
    if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then best_t=$t; fi
    if [ -z "$best_c" ] || awk -v a="$c" -v b="$best_c" 'BEGIN{exit !(a<b)}'; then best_c=$c; fi
    [ "$m" -gt "$best_m" ] && best_m=$m
  done
  rm -f "$tf"
  printf '%s %s %s %s\n' "$name" "$best_t" "$best_m" "$best_c"
}

results=$(
  best_of base -Y nas-eps --disable-protocol esm
  best_of nas-eps -Y nas-eps
  best_of esm -Y esm
  best_of triage -Y nas-eps -z esm,triage
)

echo "capture: $big ($frames frames, $ues UEs), best of $runs runs"
# CPU time (user + system) is printed too: on a busy machine it varies less than wall time.
echo "$results" | awk -v check="${CHECK:-0}" '
  { t[$1] = $2; m[$1] = $3; c[$1] = $4; order[NR] = $1 }
  END {
    printf "%-8s %9s %9s %10s %8s %8s %9s %10s %12s\n", "run", "wall (s)", "cpu (s)", "peak (MiB)", "t/base", "cpu/base", "mem/base", "t/nas-eps", "mem/nas-eps"
    bad = 0
    for (i = 1; i <= NR; i++) {
      k = order[i]
      rt = t[k] / t["base"]; rm = m[k] / m["base"]
      printf "%-8s %9.2f %9.2f %10.1f %8.2f %8.2f %9.2f %10.2f %12.2f\n", k, t[k], c[k], m[k] / 1024, rt, c[k] / c["base"], rm, t[k] / t["nas-eps"], m[k] / m["nas-eps"]
      if (k != "base" && (rt > 1.25 || rm > 1.5)) bad = 1
    }
    print (bad ? "targets (time <= 1.25, memory <= 1.5 against base): MISSED" : "targets (time <= 1.25, memory <= 1.5 against base): met")
    exit (check && bad)
  }'
