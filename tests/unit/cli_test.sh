#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# esmtrace decode: exit codes (0 decoded, 1 an error, 2 usage) and output keys.
# usage: cli_test.sh path/to/esmtrace
set -u
T=${1:?usage: cli_test.sh ESMTRACE}
fails=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# expect CODE DESCRIPTION -- command...
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$out" 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: exit $got, want $want"; sed 's/^/    /' "$out"; fails=$((fails + 1))
	fi
}
has() {
	if ! grep -q -- "$1" "$out"; then
		echo "FAIL: output lacks $1"; sed 's/^/    /' "$out"; fails=$((fails + 1))
	fi
}
lacks() {
	if grep -q -- "$1" "$out"; then
		echo "FAIL: output has $1"; fails=$((fails + 1))
	fi
}

ACT=5201c101090908696e7465726e657405010a000002270880000d0408080808

expect 0 "tree" -- "$T" decode $ACT
has "ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST"
has "Access point name: internet"
has "Direction from: message table"

expect 0 "json" -- "$T" decode --json $ACT
for k in '"msg_type":193' '"msg_name":"ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST"' '"ebi":5' '"pti":1' \
	'"eps_qos":{"qci":9}' '"access_point_name":"internet"' '"pdn_address":{' '"ipv4":"10.0.0.2"' \
	'"protocol_configuration_options":{' '"containers":\[{"id":13,"id_hex":"0x000d","name":"DNS Server IPv4 Address"'; do
	has "$k"
done
[ "$(wc -l <"$out")" -eq 1 ] || { echo "FAIL: json is not one line"; fails=$((fails + 1)); }

expect 0 "two PDUs, colons and spaces" -- "$T" decode --json "52:01:c2" "62 00 c6"
[ "$(wc -l <"$out")" -eq 2 ] || { echo "FAIL: want two JSON lines"; fails=$((fails + 1)); }

expect 1 "truncated" -- "$T" decode --json 5201c1010909
has '"errors":\[{"error":"truncated","code":1,"offset":5,"ie":"Access point name"}\]'
has '"eps_qos":{"qci":9}'
expect 1 "missing" -- "$T" decode --json 5201c10109
has '"errors":\[{"error":"missing-ie","code":3,"offset":5,"ie":"Access point name"}\]'

expect 1 "one bad among good" -- "$T" decode 5201c2 5201c4
expect 1 "ciphered" -- "$T" decode --json 27d948f10f01f38665183593a7
has '"error":"ciphered"'
lacks '"esm"'

expect 0 "given direction" -- "$T" decode --json --uplink 0206e851
has '"direction":"uplink","direction_source":"caller"'
expect 0 "unknown direction" -- "$T" decode --json 0206e851
has '"direction":"unknown","direction_source":"unknown"'

# stdin: one PDU per line, blank lines and comments skipped
expect 0 "stdin" -- sh -c "printf '# a comment\n\n5201c2\n0x6200c6\n' | '$T' decode --json"
[ "$(wc -l <"$out")" -eq 2 ] || { echo "FAIL: stdin: want two JSON lines"; fails=$((fails + 1)); }
expect 1 "stdin with an error" -- sh -c "printf '5201c2\n52\n' | '$T' decode"

expect 2 "no command" -- "$T"
expect 2 "unknown command" -- "$T" frobnicate
expect 2 "unknown option" -- "$T" decode --bogus 5201c2
expect 2 "bad hex" -- "$T" decode 52zz
expect 2 "odd hex" -- "$T" decode 5201c
expect 2 "both directions" -- "$T" decode --uplink --downlink 5201c2
expect 0 "help" -- "$T" --help
has "esmtrace decode"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "cli: all checks passed"
