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
has "Direction from: the message table: sent in this direction only; the source gave none"
has "Message type: ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST (0xc1)"
lacks "Message name"

# 24.301 8.3.6: network to UE only, whatever the caller says
expect 0 "direction against the table" -- "$T" decode --uplink $ACT
has "Direction: downlink"
has "Direction from: the message table: sent in this direction only; the source said uplink"

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

# ESM STATUS is sent both ways (8.3.15): the caller's direction stands
expect 0 "given direction" -- "$T" decode --json --uplink 0206e851
has '"direction":"uplink","direction_source":"source","direction_hint":"uplink"'
expect 0 "unknown direction" -- "$T" decode --json 0206e851
has '"direction":"unknown","direction_source":"none"'
lacks '"direction_hint"'

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

# esmtrace opc: TS 35.208 test set 1 (OPc = AES_K(OP) xor OP)
expect 0 "opc" -- "$T" opc 465b5ce8b199b49faa5f0a2ee238a6bc cdc202d5123e20f62b6d676ac72cb318
has "^cd63cb71954a9f4e48a5994e37a02baf$"
expect 2 "opc needs 32 hex digits each" -- "$T" opc 465b cdc202d5123e20f62b6d676ac72cb318

# decode --keys: a real phone's IDENTITY RESPONSE, AUTHENTICATION REQUEST, SECURITY MODE
# COMMAND and COMPLETE (open5gs_srsenb_real_attach frames 33-39; keys published by
# Open5GS, reference/nas-security.md): the SMC and its COMPLETE verify with 128-EIA2
keys=$(mktemp)
printf '# imsi, k, opc\n"901700000021309","70d49a71dd1a2b806a25abe0ef749f1e","6f1bf53d624b3a43af6592854e2444c7"\n' >"$keys"
pdus="ul 17368569290a0756089910070000203190
dl 0752008056a141f74abc09f62035366e205d6d1070ede1af42488000ddc49e88dd342753
dl 376fdc545a00075d020005f0f0c04010c14f0879bca4dd82d9d412
ul 4788acf35c00075e23093375220029543138f9"
expect 0 "decode --keys" -- sh -c "echo '$pdus' | '$T' decode --keys '$keys' --plmn 90170"
has "NAS security: integrity ok (COUNT 0, 128-EIA2)"
[ "$(grep -c 'integrity ok' "$out")" -eq 2 ] || { echo "FAIL: want two MACs ok"; fails=$((fails + 1)); }
expect 0 "decode --keys --json" -- sh -c "echo '$pdus' | '$T' decode --json --keys '$keys' --plmn 90170"
has '"nas_security":{"integrity":"ok","nas_count":0,"eea":0,"eia":2}}$'
[ "$(wc -l <"$out")" -eq 4 ] || { echo "FAIL: --keys --json: want one line per PDU"; fails=$((fails + 1)); }
# without the serving network KASME cannot be derived: unchecked, with the reason
expect 0 "decode --keys without --plmn" -- sh -c "echo '$pdus' | '$T' decode --keys '$keys'"
has "integrity unchecked: no serving network PLMN"
# one wrong digit of K: the AKA and both MACs fail (exit 1)
sed 's/"70d4/"70d5/' "$keys" >"$keys.bad"
expect 1 "decode --keys, wrong K" -- sh -c "echo '$pdus' | '$T' decode --keys '$keys.bad' --plmn 90170"
has "AUTN's MAC-A does not verify"
[ "$(grep -c 'integrity failed' "$out")" -eq 2 ] || { echo "FAIL: want two MACs failed"; fails=$((fails + 1)); }
# malformed key rows: a clear error naming the row, exit 2
printf '"901700000021309","70d49a71dd1a2b806a25abe0ef749f1e","6f1bf53d624b3a43af6592854e2444c7"\n"901700000021310","70d49a71"," 6f1b"\n' >"$keys.bad"
expect 2 "key file: short K" -- "$T" decode --keys "$keys.bad" 0761
has ":2: K must be 32 hex digits"
printf '"901700000021309","70d49a71dd1a2b806a25abe0ef749f1e"\n' >"$keys.bad"
expect 2 "key file: two fields" -- "$T" decode --keys "$keys.bad" 0761
has ":1: rows have three fields"
printf '"9017000000213","70d49a71dd1a2b806a25abe0ef749f1e","6f1bf53d624b3a43af6592854e2444c7\n' >"$keys.bad"
expect 2 "key file: open quote" -- "$T" decode --keys "$keys.bad" 0761
has ":1: an unterminated quote"
expect 2 "key file: missing" -- "$T" decode --keys /nonexistent/keys 0761
has "cannot open"
expect 2 "replay --keys: malformed row" -- sh -c "printf '\"1\",\"2\",\"3\"\n' > '$keys.bad'; '$T' replay --keys '$keys.bad' /dev/null"
has ":1: IMSI must be 6 to 15 digits"
rm -f "$keys" "$keys.bad"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "cli: all checks passed"
