#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The tracker against the scenario expectations (pcaps/*.scn).

    check_scenarios.py ESMGEN ESMTRACE SCENARIO.scn...

Each scenario's expectations were written from TS 24.301 with the scenario,
independently of the tracker. For each: esmgen builds the capture and the
per-message expectations, pcap2replay.py turns the capture into replay events,
`esmtrace replay --json --annotations` runs the tracker, and every expected
field is compared with the annotation of that NAS message: UE number,
procedure, MME and UE bearer states, response-to, resend count and original,
timer started, expiries, timer stopped, findings (as a set), UE-side duplicate
copies, the direction taken and where it came from; and the
"finish bearer" lines with the bearer table (final MME and UE states).
A scenario with a key file beside it (NAME.keys: its subscribers' "IMSI","K","OPc"
rows) runs with `--keys`, and its `integrity=` / `deciphered=` expectations are
compared too.
Each "finish aborted ... of=@label" line must be a procedure-aborted finding on
the aborted request's own frame, on no event's annotation (FORMAT.md 6.1):
whether a later event or the capture end reveals the time has passed, the
abort belongs to the request.
Exit status 1 if anything differs; the differences are listed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def check(esmgen, esmtrace, scn, tmp):
    name = os.path.splitext(os.path.basename(scn))[0]
    pcap = os.path.join(tmp, name + ".pcapng")
    exp_path = os.path.join(tmp, name + ".expect.jsonl")
    run([esmgen, "-o", pcap, "--expect", exp_path, scn])
    events = os.path.join(tmp, name + ".jsonl")
    with open(events, "w") as f:
        f.write(run([sys.executable, os.path.join(HERE, "pcap2replay.py"), "--esmtrace", esmtrace, pcap]))
    keys = os.path.splitext(scn)[0] + ".keys"
    cmd = [esmtrace, "replay", "--json", "--annotations"] + (["--keys", keys] if os.path.exists(keys) else [])
    out = subprocess.run(cmd + [events], capture_output=True, text=True).stdout
    ann = {}   # frame -> annotations in order
    for line in out.splitlines():
        d = json.loads(line)
        if d["type"] == "annotation":
            ann.setdefault(d["frame"], []).append(d)
    bearers = {}   # (ue, ebi) -> last row
    aborted = []   # (ue, frame, proc) of procedure-aborted findings
    for line in out.splitlines():
        d = json.loads(line)
        if d["type"] == "bearer":
            bearers[(d["ue"], d["ebi"])] = (d["mme_state"], d["ue_state"])
        elif d["type"] == "finding" and d["code"] == "procedure-aborted":
            aborted.append((d["ue"], d["frame"], d.get("proc")))
    diffs = []
    for line in open(exp_path):
        d = json.loads(line)
        if d.get("finish") == "aborted":
            want = (d["ue_no"], d["of"], d["proc"])
            if want in aborted:
                aborted.remove(want)
            else:
                diffs.append("finish aborted UE %d %s of frame %d: no procedure-aborted on that frame" % want)
            continue
        if d.get("finish") == "bearer":
            got = bearers.get((d["ue_no"], d["ebi"]))
            if not got:
                diffs.append("finish bearer UE %d EBI %d: no row" % (d["ue_no"], d["ebi"]))
                continue
            for key, idx in (("mme", 0), ("ue_state", 1)):
                if key in d and got[idx] != d[key]:
                    diffs.append("finish bearer UE %d EBI %d %s: want %s, got %s" %
                                 (d["ue_no"], d["ebi"], key, d[key], got[idx]))
            continue
        e = d.get("expect")
        if not e:
            continue
        lst = ann.get(d["frame"], [])
        k = d.get("nas_index") or 0
        where = "%s line %s (frame %s)" % (name, d.get("line"), d["frame"])
        if k >= len(lst):
            diffs.append(where + ": no annotation")
            continue
        a = lst[k]
        def cmp(key, want, got):
            if want != got:
                diffs.append("%s: %s want %s, got %s" % (where, key, want, got))
        cmp("ue", e["ue_no"], a.get("ue"))
        if "proc" in e:
            cmp("proc", e["proc"], a.get("proc") or "-")
        for key in ("mme", "ue_state"):
            if key in e:
                cmp(key, e[key], a.get(key))
        if "resp_to" in e:
            cmp("resp_to", e["resp_to"], a.get("response_to"))
        cmp("retx", e["retx"], a.get("retrans_count", 0))
        if "retx_of" in e:
            cmp("retx_of", e["retx_of"], a.get("retrans_of"))
        if "timer" in e:
            # timers the message starts: its procedure's (first copy or resend) and T3396
            started = [a["timer"]] if a.get("timer") and (a.get("timer_expiries", 0) == 0 or
                                                          a.get("retrans_count")) else []
            if a.get("backoff"):
                started.append("T3396")
            cmp("timer", e["timer"], started)
        cmp("expiries", e["expiries"], a.get("timer_expiries", 0))
        if "stops" in e:
            cmp("stops", e["stops"], [a["stops"]] if a.get("stops") else [])
        cmp("findings", sorted(e["findings"]), sorted(a.get("findings", [])))
        if "integrity" in e:
            cmp("integrity", e["integrity"], a.get("integrity", "none"))
        if "deciphered" in e:
            cmp("deciphered", e["deciphered"], a.get("deciphered", False))
        cmp("dup", bool(e.get("dup", 0)), bool(a.get("duplicate")))
        if "dir" in e:
            cmp("dir", e["dir"], a.get("dir"))
        if "dir_from" in e:
            cmp("dir_from", e["dir_from"], a.get("dir_source"))
    for x in aborted:
        diffs.append("UE %d frame %d: procedure-aborted (%s) the scenario does not state" % x)
    return diffs


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: check_scenarios.py ESMGEN ESMTRACE SCENARIO.scn...")
    esmgen, esmtrace = sys.argv[1], sys.argv[2]
    if not shutil.which("tshark"):
        sys.exit(77)  # skipped: pcap2replay.py needs tshark
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scn in sys.argv[3:]:
            diffs = check(esmgen, esmtrace, scn, tmp)
            print("%-45s %s" % (os.path.basename(scn), "ok" if not diffs else "%d differences" % len(diffs)))
            for x in diffs:
                print("   " + x)
            bad += bool(diffs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
