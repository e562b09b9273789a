#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the plugin prints for the scenario captures, for the comparison across Wireshark versions
# (tests/matrix.sh: the files of 4.0, 4.4 and 4.6 must be byte-identical). For every capture:
# the -z esm,triage, esm,bearers and esm,procedures tables, then `tshark -2 -T fields` of every
# esm.* field the plugin registers (-G fields), one line per frame with an ESM analysis.
# Fails when a capture gives no table or no analysed frame, or a field is missing.
#
# usage: tests/plugin/esm_outputs.sh OUT CAPTURE...
set -euo pipefail
out=$1
shift
fail() { echo "FAIL: $*" >&2; exit 1; }
fields=$(tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && $3 ~ /^esm\./ { print $3 }' | sort)
[ -n "$fields" ] || fail "tshark -G fields lists no esm.* field: is the plugin installed?"
args=(-e frame.number)
for f in $fields; do
	args+=(-e "$f")
done
{
	echo "esm.* fields: $(echo $fields)"
	for cap in "$@"; do
		name=$(basename "$cap")
		echo "### $name"
		tables=$(tshark -n -q -r "$cap" -z esm,triage -z esm,bearers -z esm,procedures 2>/dev/null)
		for t in "ESM triage:" "ESM bearers:" "ESM procedures:"; do
			grep -qx "$t" <<< "$tables" || fail "$name: no '$t' table"
		done
		echo "$tables"
		rows=$(tshark -n -2 -r "$cap" -Y esm -T fields -E header=y -E occurrence=a -E aggregator='|' \
			"${args[@]}" 2>/dev/null)
		[ "$(wc -l <<< "$rows")" -gt 1 ] || fail "$name: no frame with an ESM analysis"
		echo "$rows"
	done
} > "$out"
echo "esm outputs: $# captures, $(echo $fields | wc -w) esm.* fields, $(wc -l < "$out") lines in $out"
