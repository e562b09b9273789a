#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of NAS security in the plugin (prints figures; not a timed test).
#
# The generator's scale capture with real NAS security (esmgen --scale --cipher 2:
# 1,000,000 frames and 100,000 UEs by default, each UE's AKA and SECURITY MODE COMMAND,
# then every NAS message integrity protected with 128-EIA2 and ciphered with 128-EEA2;
# generated on demand with its key file, never committed), in paired, alternating runs of
#   base     tshark -n -q -r BIG -Y nas-eps --disable-protocol esm   (no plugin)
#   nokeys   tshark -n -q -r BIG -Y nas-eps                          (plugin, no keys: ciphered)
#   keys     the same with the key file as the esm_nas_keys table     (every MAC checked,
#                                                                      every message deciphered)
# with the median and spread (min-max) of wall time, CPU time and peak memory, and the
# ratios of keys (and nokeys) to base. Targets for keys: time <= 1.3x, peak memory <= 1.5x.
# Before timing, a run over the whole capture checks that the keys are taken: every MAC ok,
# messages deciphered, none failed or unchecked (the ciphered messages start only after
# five rounds over all UEs: identity, AKA and SMC). The machine's load average is printed
# before and after: compare ratios, not absolute times, on a shared machine.
#
# usage: tests/plugin/bench_cipher.sh BUILD_DIR [FRAMES [UES]]
#   BUILD_DIR  a build folder with tests/gen/esmgen; the plugin must be installed
#   env RUNS   rounds of the three runs (default 3); BENCH_DIR where BIG goes (/tmp)
#   env CHECK=1 exit 1 when a target is missed
# The key table is handed over as the profile's esm_nas_keys file (a personal configuration
# folder through WIRESHARK_CONFIG_DIR), the way the GUI saves it: 100,000 rows do not fit on
# a command line as -o uat:esm_nas_keys:... options.
set -euo pipefail
build=$(realpath "${1:?usage: bench_cipher.sh BUILD_DIR [FRAMES [UES]]}")
frames=${2:-1000000}
ues=${3:-100000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/tmp}
big=$dir/esmtrace-scale-eea2-${frames}f-${ues}u.pcapng
keys=${big%.pcapng}.keys

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
tshark -G plugins 2>/dev/null | grep -c esmtrace >/dev/null || { echo "the esmtrace plugin is not installed" >&2; exit 2; }
if [ ! -s "$big" ] || [ ! -s "$keys" ]; then
  "$build/tests/gen/esmgen" --scale --ues "$ues" --frames "$frames" --cipher 2 --keys "$keys" -o "$big"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/nokeys" "$work/keys"
cp "$keys" "$work/keys/esm_nas_keys"
tf=$work/time log=$work/log

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
# the keys are taken: every NAS message's integrity and whether it was deciphered
WIRESHARK_CONFIG_DIR=$work/keys tshark -n -r "$big" -Y esm -T fields -e esm.integrity \
  -e esm.deciphered -E occurrence=a -E aggregator=, 2>/dev/null >"$work/check"
awk -F'\t' '{ n = split($1, i, ","); split($2, d, ",")
  for (k = 1; k <= n; k++) { c[i[k] == "" ? "none" : i[k]]++; if (d[k] == "1" || d[k] == "True") dec++ } }
  END { printf "the whole capture with the keys: NAS messages with integrity"
        for (v in c) printf " %s %d", v, c[v]; printf "; deciphered %d\n", dec
        exit (c["failed"] + c["unchecked"] > 0 || dec == 0) }' "$work/check" \
  || { echo "the keys were not taken: see above" >&2; exit 1; }

declare -A wall cpu mem
for c in base nokeys keys; do wall[$c]="" cpu[$c]="" mem[$c]=""; done
one() {
  local name=$1 cfg=$2; shift 2
  WIRESHARK_CONFIG_DIR=$cfg /usr/bin/time -o "$tf" -f "%e %U %S %M" tshark -n -q -r "$big" -Y nas-eps "$@" \
    >"$log" 2>&1
  read -r w u s m < <(tail -1 "$tf")
  wall[$name]+="$w "
  cpu[$name]+="$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}') "
  mem[$name]+="$m "
}
orders=("base nokeys keys" "keys base nokeys" "nokeys keys base")
for i in $(seq "$runs"); do
  for c in ${orders[$(((i - 1) % 3))]}; do
    case $c in
    base) one base "$work/nokeys" --disable-protocol esm ;;
    nokeys) one nokeys "$work/nokeys" ;;
    keys) one keys "$work/keys" ;;
    esac
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

stat() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {printf "%s (%s-%s)", v[int((NR+1)/2)], v[1], v[NR]}'; }
med() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

echo "capture: $big ($frames frames, $ues UEs, 128-EEA2/EIA2); $runs rounds of paired runs, order rotating;"
echo "median (min-max)"
for c in base nokeys keys; do
  printf "%-7s wall %s s, CPU %s s, peak RSS %s KiB\n" "$c" "$(stat "${wall[$c]}")" "$(stat "${cpu[$c]}")" "$(stat "${mem[$c]}")"
done
bad=0
for c in nokeys keys; do
  rw=$(awk -v a="$(med "${wall[$c]}")" -v b="$(med "${wall[base]}")" 'BEGIN{printf "%.2f", a / b}')
  rc=$(awk -v a="$(med "${cpu[$c]}")" -v b="$(med "${cpu[base]}")" 'BEGIN{printf "%.2f", a / b}')
  rm=$(awk -v a="$(med "${mem[$c]}")" -v b="$(med "${mem[base]}")" 'BEGIN{printf "%.2f", a / b}')
  printf "%-7s over base: wall %sx, CPU %sx, peak memory %sx\n" "$c" "$rw" "$rc" "$rm"
  if [ "$c" = keys ] && awk -v t="$rc" -v m="$rm" 'BEGIN{exit !(t > 1.3 || m > 1.5)}'; then bad=1; fi
done
if [ $bad = 0 ]; then
  echo "targets for keys (CPU time <= 1.3x, peak memory <= 1.5x of base): met"
else
  echo "targets for keys (CPU time <= 1.3x, peak memory <= 1.5x of base): MISSED"
fi
[ "${CHECK:-0}" = 1 ] && [ $bad = 1 ] && exit 1
exit 0
