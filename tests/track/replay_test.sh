#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# esmtrace replay on a small event list, in both input formats. Expectations from
# TS 24.301: the ACTIVATE DEDICATED resent 8 s later is resend 1 on T3485 expiry 1
# (6.4.2.6 a); the ACCEPT answers it (6.4.2.3); the REJECT with #44 is a reject (6.4.2.4);
# the exit status is 1 because a warn-level finding exists.
set -u
tool="$1"
dir="$2/replay"
tmp="${TMPDIR:-/tmp}/track_replay.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$tool" replay "$dir/attach-dedicated.tsv" > "$tmp/text"; st=$?
[ "$st" = 1 ] || fail "exit status $st, want 1 (a reject was reported)"
grep -q "resend 1 of 5" "$tmp/text" || fail "line 6 should be resend 1 of line 5"
grep -q "answers 5 (8.100 s)" "$tmp/text" || fail "the ACCEPT should answer line 5 after 8.1 s"
grep -q "^  warn  reject" "$tmp/text" || fail "triage table should list the reject"

"$tool" replay --json "$dir/attach-dedicated.tsv" > "$tmp/tsv.json" || true
"$tool" replay --json "$dir/attach-dedicated.jsonl" > "$tmp/jsonl.json" || true
# line numbers differ between the two files (the .jsonl starts with a comment): compare
# without frame ids
sed 's/"[a-z_]*frame":[0-9]*,//g' "$tmp/tsv.json" > "$tmp/a"
sed 's/"[a-z_]*frame":[0-9]*,//g' "$tmp/jsonl.json" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "JSON lines and tab-separated input disagree"
n_proc=$(grep -c '"type":"procedure"' "$tmp/tsv.json")
[ "$n_proc" = 4 ] || fail "want 4 procedures (PDN connectivity, default, 2 dedicated), got $n_proc"
grep -q '"type":"finding","ue_key":"mme1/100".*"code":"retransmission"' "$tmp/tsv.json" || fail "retransmission finding"
grep -q '"code":"reject","clause":"6.4.2.4"' "$tmp/tsv.json" || fail "reject finding with clause 6.4.2.4"
grep -q '"outcome":"reject","cause":44' "$tmp/tsv.json" || fail "rejected procedure with cause 44"

# T3485 = 16 s: the resend 8 s later is premature
"$tool" replay --json --t3485 16 "$dir/attach-dedicated.tsv" | grep -q '"code":"premature-retransmission"' ||
	fail "--t3485 16 should make the resend premature"

# bad input: a diagnostic and exit status 2, never a crash
printf '1.0\tue\tsideways\t0201d011\n' | "$tool" replay - > /dev/null 2> "$tmp/err"; st=$?
[ "$st" = 2 ] || fail "bad direction: exit status $st, want 2"
grep -q "line 1: bad direction" "$tmp/err" || fail "bad direction diagnostic"
echo "replay: ok"
