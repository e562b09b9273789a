#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# NAS security on the two shared captures whose subscriber keys are published
# (reference/nas-security.md; Open5GS docs and tests/attach): with the keys,
# every NAS MAC from each UE's SECURITY MODE COMMAND on verifies and none fails
# (real phone: EEA0/128-EIA2; test suite: EEA0/128-EIA1, ten AKA runs, SERVICE
# REQUEST short MAC, TAU, re-attach on a stored context); with one wrong digit
# of K the AKA's MAC-A fails and so does every one of those MACs.
# Exit 77 (skipped) without tshark, python3 or the captures.
set -u
tool="$1"
here="$2"
pcaps="$3/pcaps"
command -v tshark > /dev/null && command -v python3 > /dev/null && [ -d "$pcaps" ] || exit 77
tmp="${TMPDIR:-/tmp}/track_security.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# capture IMSI K OPc MIN_OK: both runs, compared
check() {
	cap=$1
	[ -f "$pcaps/$cap" ] || exit 77
	python3 "$here/pcap2replay.py" --esmtrace "$tool" "$pcaps/$cap" > "$tmp/ev.jsonl" || fail "pcap2replay $cap"
	printf '"%s","%s","%s"\n' "$2" "$3" "$4" > "$tmp/good.keys"
	# one wrong digit: the first of K, changed
	bad=$(echo "$3" | sed 's/^0/1/; t; s/^./0/')
	printf '"%s","%s","%s"\n' "$2" "$bad" "$4" > "$tmp/bad.keys"
	"$tool" replay --keys "$tmp/good.keys" --json --annotations "$tmp/ev.jsonl" > "$tmp/good.json"
	[ $? -le 1 ] || fail "replay $cap"
	"$tool" replay --keys "$tmp/bad.keys" --json --annotations "$tmp/ev.jsonl" > "$tmp/bad.json"
	[ $? -le 1 ] || fail "replay $cap (wrong key)"
	python3 - "$cap" "$5" "$tmp/good.json" "$tmp/bad.json" << 'EOF' || exit 1
import json, sys
cap, min_ok = sys.argv[1], int(sys.argv[2])
def load(path):
    ann, finds = {}, []
    for line in open(path):
        o = json.loads(line)
        if o["type"] == "annotation":
            ann[o["frame"]] = o
        elif o["type"] == "finding":
            finds.append(o)
    return ann, finds
good, gf = load(sys.argv[3])
bad, bf = load(sys.argv[4])
ok = sorted(f for f, a in good.items() if a.get("integrity") == "ok")
def die(msg):
    sys.exit("FAIL: %s: %s" % (cap, msg))
if len(ok) < min_ok:
    die("%d MACs verify, want at least %d" % (len(ok), min_ok))
failed = [f for f, a in good.items() if a.get("integrity") == "failed"]
if failed:
    die("MACs fail with the published keys in frames %s" % failed)
if any(f["code"] == "integrity-failure" for f in gf):
    die("integrity-failure with the published keys")
# from a UE's first verified MAC (its SMC) on, every protected message verifies
first = {}
for f in sorted(good):
    a = good[f]
    if a.get("integrity") == "ok":
        first.setdefault(a["ue"], f)
    elif a.get("integrity") == "unchecked" and a["ue"] in first:
        die("frame %d of UE %d unchecked after its SMC in frame %d" % (f, a["ue"], first[a["ue"]]))
# one wrong digit: each of those fails, none verifies, each is a finding
if any(a.get("integrity") == "ok" for a in bad.values()):
    die("a MAC verifies with a wrong key")
nf = [f for f in ok if bad[f].get("integrity") != "failed"]
if nf:
    die("with a wrong key these frames do not fail: %s" % nf)
flagged = {f["frame"] for f in bf if f["code"] == "integrity-failure"}
if not set(ok) <= flagged:
    die("no integrity-failure finding in frames %s" % sorted(set(ok) - flagged))
print("%s: %d MACs ok with the keys, all %d fail with one wrong digit" % (cap, len(ok), len(ok)))
EOF
}

check open5gs_srsenb_real_attach.pcapng 901700000021309 70d49a71dd1a2b806a25abe0ef749f1e \
	6f1bf53d624b3a43af6592854e2444c7 6
check open5gs_testsuite_attach_multiUE.pcapng 901707364000060 465b5ce8b199b49faa5f0a2ee238a6bc \
	e8ed289deba952e4283b54e88e6183ca 70
echo "security: ok"
