#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The tracker on public captures (../shared/pcaps), through pcap2replay.py and
# esmtrace replay. Expectations were read off the captures with tshark:
#  - s1ap_iphone6_volte_limited_47fr: one iPhone attaches (EBI 5), opens "ims" (EBI 6),
#    goes idle and comes back four times with SERVICE REQUEST (S-TMSI = its GUTI's
#    MMEC 01 / M-TMSI 00000001), disconnects "ims" (PDN DISCONNECT, DEACTIVATE with the
#    same PTI 6, ACCEPT) and detaches: one UE, every procedure answered, the only
#    finding is the local deactivation of EBI 5 at the detach (5.5.2.2.2).
#  - open5gs_volte_call_dedicated_bearer: two ACTIVATE DEDICATED (EBI 7, frames 106
#    and 122, two UEs) both accepted in frame 198: response times 0.228 and 0.223 s;
#    the UEs' earlier life is not in the capture: unknown-prior-state, no warning.
#  - open5gs_testsuite_epc_2019: S1 handovers between different eNodeBs (distinct
#    Global eNB IDs in their S1 SETUP): no bearers-released-by-relocation.
# Exit 77 (skipped) without tshark, python3 or the captures.
set -u
tool="$1"
here="$2"
pcaps="$3/pcaps"
command -v tshark > /dev/null && command -v python3 > /dev/null && [ -d "$pcaps" ] || exit 77
tmp="${TMPDIR:-/tmp}/track_captures.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # capture -> JSON output of replay
	python3 "$here/pcap2replay.py" "$pcaps/$1" > "$tmp/$1.jsonl" || fail "pcap2replay $1"
	"$tool" replay --json "$tmp/$1.jsonl" > "$tmp/$1.json"
	[ $? -le 1 ] || fail "replay $1"
}

c=s1ap_iphone6_volte_limited_47fr.pcap
run $c
grep -q '"ue":2' "$tmp/$c.json" && fail "$c: the service requests should find UE 1 again by S-TMSI"
[ "$(grep -c '"type":"finding"' "$tmp/$c.json")" = 1 ] || fail "$c: want exactly one finding"
grep -q '"frame":44,.*"code":"local-deactivation"' "$tmp/$c.json" || fail "$c: detach local deactivation"
grep -q '"proc":"pdn-disconnect","ebi":0,"pti":6,"outcome":"success"' "$tmp/$c.json" ||
	fail "$c: PDN disconnect answered"
[ "$(grep -c '"outcome":"success"' "$tmp/$c.json")" = 7 ] || fail "$c: want 7 procedures succeeded"

c=open5gs_volte_call_dedicated_bearer.pcapng
run $c
grep -q '"proc":"dedicated-bearer-activation","ebi":7,.*"start_frame":106,.*"end_frame":198,.*"response_time":0.2275' \
	"$tmp/$c.json" || fail "$c: frame 106 answered by 198 after 0.2275 s"
grep -q '"start_frame":122,.*"end_frame":198,.*"response_time":0.2231' "$tmp/$c.json" ||
	fail "$c: frame 122 answered by 198 after 0.2231 s"
grep -q '"severity":"\(warn\|error\)"' "$tmp/$c.json" && fail "$c: no warning expected"

c=open5gs_testsuite_epc_2019.pcapng
run $c
grep -q '"code":"bearers-released-by-relocation"' "$tmp/$c.json" &&
	fail "$c: handovers between distinct eNodeBs are no relocation to the same eNodeB"
echo "captures: ok"
