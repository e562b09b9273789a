#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The tracker on captures, through pcap2replay.py and esmtrace replay.
# The project's own (pcaps/, always there, also in a fresh clone): every capture goes
# through, each of its events gets exactly one annotation, and replay's exit status
# says "findings" or "clean", never "bad input"; 06-t3486-t3495-retransmissions shows
# what its scenario says at its end: T3486 and T3495 run out on the 5th expiry with no
# answer (6.4.3.6 a, 6.4.4.5 a), so the MODIFY of frame 15 and the DEACTIVATE of frame
# 28 are aborted, and the T3495 abort deactivates EBI 7 locally in the MME.
# Public captures (../shared/pcaps, when present); expectations were read off the
# captures with tshark:
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
# Exit 77 (skipped) without tshark or python3.
set -u
tool="$1"
here="$2"
pcaps="$3/pcaps"
ours="$here/../../pcaps"
command -v tshark > /dev/null && command -v python3 > /dev/null || exit 77
tmp="${TMPDIR:-/tmp}/track_captures.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # capture file -> JSON output of replay, with annotations ($tmp/NAME.json)
	c=$(basename "$1")
	python3 "$here/pcap2replay.py" --esmtrace "$tool" "$1" > "$tmp/$c.jsonl" || fail "pcap2replay $c"
	"$tool" replay --json --annotations "$tmp/$c.jsonl" > "$tmp/$c.json"
	[ $? -le 1 ] || fail "replay $c: bad input"
}

for cap in "$ours"/*.pcapng; do
	run "$cap"
	c=$(basename "$cap")
	events=$(grep -c . "$tmp/$c.jsonl")
	annotations=$(grep -c '"type":"annotation"' "$tmp/$c.json")
	[ "$events" = "$annotations" ] || fail "$c: $events events, $annotations annotations"
done
c=06-t3486-t3495-retransmissions.pcapng
grep -q '"type":"finding".*"frame":15,.*"code":"procedure-aborted"' "$tmp/$c.json" || fail "$c: MODIFY of frame 15 aborted"
grep -q '"type":"finding".*"frame":28,.*"code":"procedure-aborted"' "$tmp/$c.json" || fail "$c: DEACTIVATE of frame 28 aborted"
grep -q '"type":"finding".*"frame":28,.*"code":"local-deactivation"' "$tmp/$c.json" || fail "$c: EBI 7 deactivated locally"
echo "pcaps/: ok"
[ -d "$pcaps" ] || { echo "no shared captures in $pcaps"; exit 0; }

c=s1ap_iphone6_volte_limited_47fr.pcap
run "$pcaps/$c"
grep -q '"ue":2' "$tmp/$c.json" && fail "$c: the service requests should find UE 1 again by S-TMSI"
[ "$(grep -c '"type":"finding"' "$tmp/$c.json")" = 1 ] || fail "$c: want exactly one finding"
grep -q '"frame":44,.*"code":"local-deactivation"' "$tmp/$c.json" || fail "$c: detach local deactivation"
grep -q '"proc":"pdn-disconnect","ebi":0,"pti":6,"outcome":"success"' "$tmp/$c.json" ||
	fail "$c: PDN disconnect answered"
[ "$(grep -c '"outcome":"success"' "$tmp/$c.json")" = 7 ] || fail "$c: want 7 procedures succeeded"

c=open5gs_volte_call_dedicated_bearer.pcapng
run "$pcaps/$c"
grep -q '"proc":"dedicated-bearer-activation","ebi":7,.*"start_frame":106,.*"end_frame":198,.*"response_time":0.2275' \
	"$tmp/$c.json" || fail "$c: frame 106 answered by 198 after 0.2275 s"
grep -q '"start_frame":122,.*"end_frame":198,.*"response_time":0.2231' "$tmp/$c.json" ||
	fail "$c: frame 122 answered by 198 after 0.2231 s"
grep -q '"severity":"\(warn\|error\)"' "$tmp/$c.json" && fail "$c: no warning expected"

c=open5gs_testsuite_epc_2019.pcapng
run "$pcaps/$c"
grep -q '"code":"bearers-released-by-relocation"' "$tmp/$c.json" &&
	fail "$c: handovers between distinct eNodeBs are no relocation to the same eNodeB"
echo "captures: ok"
