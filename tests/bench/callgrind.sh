#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Instructions per message under valgrind's callgrind, which, unlike timings,
# do not move with the machine's load: each workload of bench_decode alone
# (-w, one pass per round), counted inside measure().
#   usage: tests/bench/callgrind.sh BUILD_DIR [ROUNDS]   (default 10 rounds)
# Prints Ir per message of the full decode and of tlv_parse over the PDUs
# carrying ESM, and their ratio.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [ROUNDS]" >&2; exit 2; }
bench=$1/tests/bench/bench_decode rounds=${2:-10}
corpus=$(cd "$(dirname "$0")" && pwd)/corpus.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Ir per message of one workload
ir_per_msg() {
	valgrind --tool=callgrind --toggle-collect=measure --callgrind-out-file="$tmp/$1.out" \
		"$bench" -w "$1" -n "$rounds" -t 0 "$corpus" >"$tmp/$1.txt" 2>/dev/null
	msgs=$(awk '{ print $2 * $5; exit }' "$tmp/$1.txt") # "NAME: N messages x R rounds ..."
	callgrind_annotate "$tmp/$1.out" | awk -v m="$msgs" '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%.0f\n", $1 / m }'
}

dec=$(ir_per_msg decode)
esm=$(ir_per_msg esm)
osmo=$(ir_per_msg osmo)
echo "Ir per message over the PDUs carrying ESM: nas_decode (full) $dec, esm_decode (ESM message only) $esm, libosmocore tlv_parse $osmo"
awk -v d="$dec" -v o="$osmo" 'BEGIN { printf "Ir ratio full decode / tlv_parse: %.2f\n", d / o }'
