#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutated captures through tshark with the plugin built with ASan and UBSan.
#
# Every capture (pcaps/*.pcapng and the shared ones) is mutated with
# `editcap -E 0.03 --seed S` for a few seeds, then dissected with the full tree
# (-V: the decode subtree, fields and expert infos) and the triage table. tshark
# itself is not instrumented, so libasan is preloaded. Passes when no run crashes,
# hangs (timeout) or prints a sanitizer report, and when the plugin makes Wireshark
# log nothing: every CRITICAL or WARNING log line of the run must also be printed
# by the same run with the plugin disabled (Wireshark's own dissectors log some on
# mutated frames, e.g. MAC-LTE's "Dissector bug" warnings).
# Captures with subscriber keys (pcaps/NAME.keys, and the two shared captures whose
# keys are published, shared/reference/nas-security.md) are dissected with them in
# the esm_nas_keys table, so that mutated MACs, COUNTs and ciphertext go through the
# NAS security checks, the deciphering and the "Deciphered NAS" data source.
#
# usage: tests/plugin/mutate_asan.sh [SEEDS]        (default 3 seeds per capture)
# env:   ESMTRACE_SHARED_DIR (default ../shared), BUILD (default build-plugin-asan),
#        MUTATION_RATE (editcap -E, default 0.03)
#
# tshark run as root ignores WIRESHARK_PLUGIN_DIR, so as root the runs use the
# unprivileged user `nobody`, with a private HOME and plugin folder holding only
# the instrumented plugin (WIRESHARK_PLUGIN_DIR replaces the global folder).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${ESMTRACE_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
build=${BUILD:-$top/build-plugin-asan}
seeds=${1:-3}
rate=${MUTATION_RATE:-0.03}
asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)

cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DESMTRACE_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target esm-plugin >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins/4.0/epan" "$work/home" "$work/caps" "$work/logs"
cp "$build/plugin/esmtrace.so" "$work/plugins/4.0/epan/"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  run_as=(runuser -u nobody --)
  chmod -R a+rwX "$work"
  chmod a+rx "$work"
fi

# One tshark run over a mutated capture (extra arguments appended); stderr to stdout.
dissect() {
  local cap=$1
  shift
  "${run_as[@]}" env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$work/plugins" \
    LD_PRELOAD="$asan:$ubsan" ASAN_OPTIONS=detect_leaks=0:exitcode=99 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
    timeout 300 tshark -n -r "$cap" -V -z esm,triage "$@" \
    -o 'uat:user_dlts:"User 0 (DLT=147)","mac-lte-framed","0","","0",""' 2>&1 >/dev/null
}

# The CRITICAL and WARNING lines of a tshark log ("** (tshark:PID) TIME [Domain LEVEL] text"),
# without process id and time, sorted, so that two runs compare line by line.
log_lines() {
  grep -E '\[[^]]* (CRITICAL|WARNING)\]' "$1" | sed -E 's/^.*\*\* \([^)]*\) [0-9:.]+ //' | sort || true
}

# -o rows of the esm_nas_keys table for a capture, if its keys are known.
key_opts() {
  local name=$1 keys=$top/pcaps/${1%.pcapng}.keys row
  case $name in
  open5gs_srsenb_real_attach.pcapng)
    echo '-o'; echo 'uat:esm_nas_keys:"901700000021309","70d49a71dd1a2b806a25abe0ef749f1e","6f1bf53d624b3a43af6592854e2444c7"' ;;
  open5gs_testsuite_attach_multiUE.pcapng)
    echo '-o'; echo 'uat:esm_nas_keys:"901707364000060","465b5ce8b199b49faa5f0a2ee238a6bc","e8ed289deba952e4283b54e88e6183ca"' ;;
  esac
  [ -f "$keys" ] || return 0
  grep -v '^#' "$keys" | grep . | while read -r row; do echo '-o'; echo "uat:esm_nas_keys:$row"; done
}

caps=("$top"/pcaps/*.pcapng)
[ -d "$shared/pcaps" ] && caps+=("$shared"/pcaps/*.pcap*)
runs=0 bad=0 keyed=0
for cap in "${caps[@]}"; do
  [ -f "$cap" ] || continue
  name=$(basename "$cap")
  mapfile -t keys < <(key_opts "$name")
  for seed in $(seq "$seeds"); do
    mut="$work/caps/$seed-$name"
    editcap -E "$rate" --seed "$seed" "$cap" "$mut" >/dev/null 2>&1
    chmod a+r "$mut"
    log="$work/logs/$seed-$name.txt"
    rc=0
    dissect "$mut" "${keys[@]}" >"$log" || rc=$?
    dissect "$mut" --disable-protocol esm >"$log.without" || true
    runs=$((runs + 1))
    [ ${#keys[@]} -eq 0 ] || keyed=$((keyed + 1))
    # tshark exits 2 on a capture cut short by the mutation: that is not our failure.
    if [ $rc -ne 0 ] && [ $rc -ne 2 ] || grep -q "AddressSanitizer\|runtime error:" "$log"; then
      bad=$((bad + 1))
      echo "FAIL: $name seed $seed: exit $rc"
      grep -m 20 -A 12 "AddressSanitizer\|runtime error:" "$log" || tail -5 "$log"
    fi
    noise=$(log_lines "$log" | comm -23 - <(log_lines "$log.without"))
    if [ -n "$noise" ]; then
      bad=$((bad + 1))
      echo "FAIL: $name seed $seed: log lines only with the plugin:"
      echo "$noise" | head -5
    fi
  done
done
# The instrumented plugin must really be the one tshark loaded, or the runs mean nothing.
nm -D "$work/plugins/4.0/epan/esmtrace.so" | grep -c __asan_init >/dev/null || { echo "FAIL: plugin not instrumented"; exit 1; }
# A copy in the work folder: the checkout may not be readable by `nobody` (a mktemp -d clone is 0700).
cp "${caps[0]}" "$work/caps/loaded.pcapng"
chmod a+r "$work/caps/loaded.pcapng"
"${run_as[@]}" env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$work/plugins" LD_PRELOAD="$asan:$ubsan" \
  ASAN_OPTIONS=detect_leaks=0 timeout 120 tshark -n -r "$work/caps/loaded.pcapng" -Y esm -T fields -e esm.ue \
  >"$work/loaded.txt" 2>/dev/null || true
grep -q . "$work/loaded.txt" || { echo "FAIL: the instrumented plugin was not loaded"; exit 1; }
echo "$runs mutated runs ($keyed with subscriber keys), $bad failed"
[ $bad -eq 0 ]
