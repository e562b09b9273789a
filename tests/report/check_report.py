#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The HTML report against what it must show, without a browser.

    check_report.py replay ESMGEN ESMTRACE SCENARIO.scn...
    check_report.py tshark ESMGEN SCENARIO.scn...

For each scenario esmgen builds the capture and its expectations (written from
TS 24.301 with the scenario, independently of the tracker; tests/gen/FORMAT.md);
the report is written by `esmtrace replay --html` (events from pcap2replay.py) or
by `tshark -q -z esm,report,OUT.html`. Its embedded JSON (the data the page draws
from) is compared with the expectations, never with earlier output:

  - every expected ESM message is an event of its UE at its frame, with the
    procedure, the request it answers, the resend count and original, and the
    timer expiries the scenario states;
  - timers: every timer the message starts is a timer run starting at that
    frame (T3396: the event's back-off), "timer=-" none; "stops=" a run ended by
    that frame;
  - bearer states: "mme=B>A", "ue-state=B>A" (and "mme.N=") are the lane's
    state change at that frame, or no change and state A there;
  - findings: the triage rows of each frame are the codes its expectations
    list; "finish aborted" is a procedure-aborted row on the request at the
    stated time and a run ending there with the stated expiry; "finish
    pending" a pending-at-end row and a run still running; "finish bearer" the
    lane's last states.

The triage rows are also the findings the other outputs list (replay --json;
tshark -z esm,triage), each once with its frame. A capture without ESM (only
S1 SETUP) and an empty capture give a well-formed page saying so; names that
hold markup and bytes that are not UTF-8 stay text; with a FILTER (tshark), the
findings are those of -z esm,triage,FILTER and the UEs those with a frame that
matches it.
Every page: well-formed HTML, one JSON block, nothing loaded from elsewhere.
Exit status 1 on any difference (listed), 77 when tshark is missing.
"""
import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TRACK = os.path.join(HERE, "..", "track")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def run(cmd, ok=(0,)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    return p.stdout


# ------------------------------------------------------------------ the page

class Structure(html.parser.HTMLParser):
    """Checks that elements nest and close, and collects the JSON block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.data_blocks, self.in_data = [], [], [], False
        self.doctype = False
        self.csp = False
        self.external = []

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "xlink:href", "action", "poster"):
            v = a.get(k) or ""
            if v and not v.startswith(("#", "data:")):
                self.external.append("%s %s=%s" % (tag, k, v))
        if tag == "link":
            self.external.append("link %s" % a)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = "default-src 'none'" in (a.get("content") or "")
        if tag == "script" and a.get("type") == "application/json" and a.get("id") == "esm-report-data":
            self.in_data = True
            self.data_blocks.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s> at line %d" % (tag, self.stack[-1] if self.stack else "-",
                                                                  self.getpos()[0]))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script":
            self.in_data = False

    def handle_data(self, data):
        if self.in_data:
            self.data_blocks[-1] += data


def read_page(path):
    """(JSON data, list of problems) of one report page."""
    text = open(path, encoding="utf-8").read()
    p = Structure()
    p.feed(text)
    p.close()
    problems = list(p.errors)
    if p.stack:
        problems.append("unclosed elements: %s" % p.stack)
    if not p.doctype:
        problems.append("no <!DOCTYPE html>")
    if not p.csp:
        problems.append("no Content-Security-Policy default-src 'none'")
    if p.external:
        problems.append("references outside the page: %s" % p.external[:5])
    for pat in (r"@import", r"url\(\s*['\"]?(https?:|//)", r"<link\b", r"\bfetch\(", r"XMLHttpRequest",
                r"WebSocket", r"\bimport\(", r"@@[A-Z]+@@"):
        if re.search(pat, text):
            problems.append("page contains %s" % pat)
    if '<meta charset="utf-8">' not in text:
        problems.append("no charset")
    if len(p.data_blocks) != 1:
        problems.append("%d JSON blocks" % len(p.data_blocks))
        return None, problems
    try:
        data = json.loads(p.data_blocks[0])
    except ValueError as e:
        problems.append("JSON block: %s" % e)
        return None, problems
    if data.get("format") != "esmtrace-report" or data.get("version") != 1:
        problems.append("not an esmtrace-report version 1")
    return data, problems


class Report:
    """The JSON of a report with its rows as dicts: strings resolved, the columns a
    row left out filled in (0), times absolute, each segment's states before it."""

    def __init__(self, data):
        self.d = data
        s = data["str"]
        c = data["columns"]

        def row(r, cols):
            return {k: (r[i] if i < len(r) else 0) for i, k in enumerate(cols)}

        self.ues = {}
        self.triage = [row(r, c["triage"]) for r in data["triage"]]
        for r in self.triage:
            for k in ("severity", "code", "proc", "clause"):
                r[k] = s[r[k]]
        for u in data["ues"]:
            t0 = u["t0"]
            x = {"name": u["name"], "worst": u["worst"], "findings": u["findings"], "lanes": {}}
            for lane in u["lanes"]:
                attrs = [row(r, c["attr"]) for r in lane["attrs"]]
                segs, prev = [], None
                for r in lane["segs"]:
                    g = row(r, c["seg"])
                    g["time"] += t0
                    if len(r) <= c["seg"].index("mme_before"):
                        g["mme_before"], g["ue_before"] = prev["mme"], prev["ue"]
                    for k in ("mme", "ue", "mme_before", "ue_before"):
                        g[k] = s[g[k]]
                    a = attrs[g["attr"]]
                    g["bearer"] = {"kind": s[a["kind"]], "lbi": a["lbi"], "apn": s[a["apn"]],
                                   "address": a["address"], "qci": a["qci"]}
                    segs.append(g)
                    prev = {"mme": r[c["seg"].index("mme")], "ue": r[c["seg"].index("ue")]}
                x["lanes"][lane["ebi"]] = segs
            x["events"] = []
            for r in u["events"]:
                e = row(r, c["event"])
                e["time"] += t0
                if len(r) <= c["event"].index("backoff"):
                    e["backoff"] = None
                for k in ("msg", "dir", "proc", "timer", "stops"):
                    e[k] = s[e[k]]
                x["events"].append(e)
            x["runs"] = [row(r, c["run"]) for r in u["runs"]]
            for r in x["runs"]:
                r["start"] += t0
                r["end"] += t0
                for k in ("timer", "outcome", "proc"):
                    r[k] = s[r[k]]
            self.ues[u["ue"]] = x


# ------------------------------------------------------------- expectations

def near(a, b):
    return abs(a - b) < 1e-6


def state_at(segs, frame, time, key, before_key):
    """(before, after) of a lane at one event: the change the event made, or
    (s, s) with the state in effect then; None when the lane says nothing."""
    at = [g for g in segs if g["frame"] == frame and near(g["time"], time)]
    if at:
        return at[0][before_key], at[-1][key]
    prior = [g for g in segs if g["time"] < time or (near(g["time"], time) and g["frame"] < frame)]
    if prior:
        return prior[-1][key], prior[-1][key]
    if segs:
        return segs[0][before_key], segs[0][before_key]
    return None


def ran_for(r, d):
    """Whether timer run r belongs to the request (or answer) of expectation d:
    a network bearer procedure by EBI, a UE request by PTI (6.3.2)."""
    return r["ebi"] == d["ebi"] if r["ebi"] else r["pti"] == d["pti"]


def check_scenario(rep, expect_lines, other_findings, name, times):
    diffs = []
    by_frame = collections.defaultdict(list)   # frame -> expected finding codes
    frames_with_expect = set()
    finish = []
    for d in expect_lines:
        if "finish" in d:
            finish.append(d)
            continue
        e = d.get("expect")
        if not e:
            continue
        frames_with_expect.add(d["frame"])
        by_frame[d["frame"]].extend(e["findings"])
        where = "%s line %s (frame %s)" % (name, d.get("line"), d["frame"])
        u = rep.ues.get(e.get("ue_no"))
        if u is None:
            diffs.append("%s: UE %s has no section" % (where, e.get("ue_no")))
            continue
        frame = d["frame"]
        ev = None
        # ciphered or crafted: no ESM analysis stated; a UE-side duplicate copy is not analysed
        unread = e.get("proc") == "-" or d.get("crafted") or e.get("dup")
        if d.get("esm") and not unread:
            msg = d["esm"].replace("_", " ")
            # the event's EBI is the bearer it concerns (PDN DISCONNECT: the linked one)
            cands = [x for x in u["events"] if x["frame"] == frame and x["msg"] == msg and x["pti"] == d["pti"]]
            cands.sort(key=lambda x: x["ebi"] != d["ebi"])
            if not cands:
                diffs.append("%s: no %s event (EBI %s, PTI %s)" % (where, msg, d["ebi"], d["pti"]))
                continue
            ev = cands[0]
            if "proc" in e and e["proc"] != (ev["proc"] or "-"):
                diffs.append("%s: proc want %s, got %s" % (where, e["proc"], ev["proc"]))
            if "resp_to" in e and (e["resp_to"] or 0) != ev["response_to"]:
                diffs.append("%s: answers frame %s, report %s" % (where, e["resp_to"], ev["response_to"]))
            if e["retx"] != ev["retx"]:
                diffs.append("%s: resend %s, report %s" % (where, e["retx"], ev["retx"]))
            if "retx_of" in e and e["retx_of"] != ev["retx_of"]:
                diffs.append("%s: resend of %s, report %s" % (where, e["retx_of"], ev["retx_of"]))
            if e["expiries"] != ev["expiries"]:
                diffs.append("%s: expiries %s, report %s" % (where, e["expiries"], ev["expiries"]))
            time = ev["time"]
        else:
            time = times.get(frame)
        runs_here = [r for r in u["runs"] if r["frame"] == frame and ran_for(r, d)]
        if "timer" in e and ev is not None:
            want = sorted(t for t in e["timer"] if t != "T3396")
            got = sorted(r["timer"] for r in runs_here)
            if want != got:
                diffs.append("%s: timer runs starting here want %s, report %s" % (where, want, got))
            if ("T3396" in e["timer"]) != (ev["backoff"] is not None):
                diffs.append("%s: T3396 want %s, report back-off %s" % (where, "T3396" in e["timer"], ev["backoff"]))
        if "stops" in e:
            ended = [r for r in u["runs"] if r["end_frame"] == frame and r["outcome"] != "resent"]
            if len(ended) > len(e["stops"]):  # several NAS-PDUs in the frame: this one's
                ended = [r for r in ended if ran_for(r, d) or r["ebi"] == e.get("ebi")]
            got = sorted(r["timer"] for r in ended)
            if sorted(e["stops"]) != got:
                diffs.append("%s: timer runs stopped here want %s, report %s" % (where, e["stops"], got))
        for key, col in (("mme", "mme"), ("ue_state", "ue")):
            items = [(k, v) for k, v in e.items() if k == key or k.startswith(key + ".")]
            for k, (b, a) in items:
                ebi = int(k.split(".")[1]) if "." in k else e.get("ebi", d.get("ebi"))
                segs = u["lanes"].get(ebi, [])
                got = state_at(segs, frame, time, col, col + "_before") if time is not None else None
                if got is None:
                    if not (b == a and a in ("INACTIVE", "UNKNOWN")):
                        diffs.append("%s: %s EBI %s want %s>%s, the report has no state" % (where, key, ebi, b, a))
                elif got != (b, a):
                    diffs.append("%s: %s EBI %s want %s>%s, report %s>%s" % (where, key, ebi, b, a, got[0], got[1]))
    # findings, per frame stated by the scenario
    rows_by_frame = collections.defaultdict(list)
    for r in rep.triage:
        if not r["later"]:
            rows_by_frame[r["frame"]].append(r["code"])
    for frame in frames_with_expect:
        if sorted(by_frame[frame]) != sorted(rows_by_frame.get(frame, [])):
            diffs.append("%s frame %s: findings want %s, triage %s" % (name, frame, sorted(by_frame[frame]),
                                                                    sorted(rows_by_frame.get(frame, []))))
    aborted = [r for r in rep.triage if r["code"] == "procedure-aborted"]
    pending = [r for r in rep.triage if r["code"] == "pending-at-end"]
    for d in finish:
        u = rep.ues.get(d["ue_no"])
        what = "%s finish %s UE %s" % (name, d["finish"], d["ue_no"])
        if u is None:
            diffs.append(what + ": no UE section")
            continue
        if d["finish"] == "aborted":
            rows = [r for r in aborted if r["ue"] == d["ue_no"] and r["frame"] == d["of"] and near(r["time"], d["at"])
                    and r["proc"] == d["proc"]]
            if len(rows) != 1:
                diffs.append(what + ": want one procedure-aborted row on frame %s at %s s" % (d["of"], d["at"]))
            else:
                aborted.remove(rows[0])
            runs = [r for r in u["runs"] if r["request"] == d["of"] and r["outcome"] == "aborted"]
            if len(runs) != 1 or not near(runs[0]["end"], d["at"]) or \
                    runs[0]["first_expiry"] + runs[0]["expiries"] - 1 != d["expiries"] or \
                    runs[0]["timer"] not in d["timer"]:
                diffs.append(what + ": want one %s run of frame %s aborted at %s s on expiry %s, report %s" %
                             (d["timer"], d["of"], d["at"], d["expiries"], runs))
        elif d["finish"] == "pending":
            rows = [r for r in pending if r["ue"] == d["ue_no"] and r["proc"] == d["proc"] and
                    ("of" not in d or r["frame"] == d["of"])]
            if not rows:
                diffs.append(what + ": no pending-at-end row")
            else:
                pending.remove(rows[0])
            if d.get("timer") and d.get("of"):
                runs = [r for r in u["runs"] if r["request"] == d["of"] and r["outcome"] == "pending"]
                if len(runs) != 1:
                    diffs.append(what + ": want one timer run of frame %s still running at the end" % d["of"])
        elif d["finish"] == "bearer":
            segs = u["lanes"].get(d["ebi"])
            if not segs:
                diffs.append(what + " EBI %s: no lane" % d["ebi"])
                continue
            last = max(segs, key=lambda g: g["time"])
            if last["mme"] != d["mme"] or ("ue_state" in d and last["ue"] != d["ue_state"]):
                diffs.append(what + " EBI %s: want %s/%s, lane ends %s/%s" % (d["ebi"], d["mme"], d.get("ue_state"),
                                                                           last["mme"], last["ue"]))
    for r in aborted:
        diffs.append("%s: procedure-aborted on frame %s the scenario does not state" % (name, r["frame"]))
    for r in pending:
        diffs.append("%s: pending-at-end on frame %s the scenario does not state" % (name, r["frame"]))
    # the same findings as the program's other output, each once
    got = collections.Counter((r["frame"], r["code"], r["text"]) for r in rep.triage)
    want = collections.Counter(other_findings)
    if got != want:
        diffs.append("%s: triage differs from the other output: missing %s, extra %s" %
                     (name, list((want - got).elements())[:5], list((got - want).elements())[:5]))
    # UEs with findings have a section with a worst severity
    for r in rep.triage:
        if r["ue"] and (r["ue"] not in rep.ues or not rep.ues[r["ue"]]["worst"]):
            diffs.append("%s: UE %s has findings but no section marked with them" % (name, r["ue"]))
    return diffs


# ---------------------------------------------------------------- producers

def key_file(scn):
    """The scenario's key file (NAME.keys beside it, tests/gen/FORMAT.md 5.1), or None."""
    path = os.path.splitext(scn)[0] + ".keys"
    return path if os.path.exists(path) else None


def key_options(keys):
    """tshark's -o rows of the plugin's esm_nas_keys table for a key file."""
    rows = [l.strip() for l in open(keys) if l.strip() and not l.startswith("#")] if keys else []
    return [a for r in rows for a in ("-o", "uat:esm_nas_keys:" + r)]


def report_replay(esmtrace, pcap, out, tmp, keys=None):
    events = os.path.join(tmp, os.path.basename(pcap) + ".jsonl")
    with open(events, "w") as f:
        f.write(run([sys.executable, os.path.join(TRACK, "pcap2replay.py"), "--esmtrace", esmtrace, pcap]))
    opts = ["--keys", keys] if keys else []
    run([esmtrace, "replay", "--quiet", "--html", out] + opts + [events], ok=(0, 1))
    js = run([esmtrace, "replay", "--json"] + opts + [events], ok=(0, 1))
    other = []
    for line in js.splitlines():
        d = json.loads(line)
        if d["type"] == "finding":
            other.append((d["frame"], d["code"], d["text"]))
    return other


def triage_tshark(pcap, filt=None, keys=None):
    """(frame, code, text) of every row of tshark -z esm,triage."""
    z = "esm,triage" + ("," + filt if filt else "")
    out = run(["tshark", "-n", "-q"] + key_options(keys) + ["-r", pcap, "-z", z])
    rows = []
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 11 and parts[0].isdigit():
            text = parts[10]
            if text.endswith(" (at capture end)"):
                text = text[:-len(" (at capture end)")]
            rows.append((int(parts[4]), parts[2], text))
    return rows


def report_tshark(pcap, out, filt=None, keys=None):
    z = "esm,report," + out + ("," + filt if filt else "")
    run(["tshark", "-n", "-q"] + key_options(keys) + ["-r", pcap, "-z", z])
    return triage_tshark(pcap, filt, keys)


def empty_cases(tmp, esmgen, scn_dir, via, esmtrace):
    """(name, page) for a capture with no ESM and an empty one."""
    pages = []
    first = os.path.join(tmp, "s1setup.pcapng")
    run([esmgen, "-o", first, os.path.join(scn_dir, "01-attach-default-bearer.scn")])
    noesm = os.path.join(tmp, "no-esm.pcapng")
    run(["editcap", "-r", first, noesm, "1-2"])          # S1 SETUP REQUEST and RESPONSE only
    empty = os.path.join(tmp, "empty.pcapng")
    run(["editcap", "-r", first, empty, "0"])            # no packet at all
    for name, pcap in (("no-esm", noesm), ("empty", empty)):
        out = os.path.join(tmp, name + ".html")
        if via == "tshark":
            report_tshark(pcap, out)
        else:
            report_replay(esmtrace, pcap, out, tmp)
        pages.append((name, out))
    return pages


def filter_case(esmgen, scn, tmp):
    """-z esm,report,OUT,FILTER: the findings of -z esm,triage,FILTER, and the UEs that have
    a frame matching FILTER (tshark -Y FILTER says which), with their whole timelines."""
    diffs = []
    pcap = os.path.join(tmp, "filtered.pcapng")
    run([esmgen, "-o", pcap, scn])
    for filt in ('esm.finding == "reject"', "esm.ue == 2", "esm.ue == 999"):
        out = os.path.join(tmp, "filtered.html")
        rows = report_tshark(pcap, out, filt)
        data, problems = read_page(out)
        diffs += problems
        if data is None:
            continue
        rep = Report(data)
        got = collections.Counter((r["frame"], r["code"], r["text"]) for r in rep.triage)
        if got != collections.Counter(rows):
            diffs.append("filter %s: triage differs from -z esm,triage,FILTER" % filt)
        ues = {int(x) for line in run(["tshark", "-n", "-r", pcap, "-Y", filt, "-T", "fields", "-e", "esm.ue"]).split()
               for x in line.split(",") if x}
        if set(rep.ues) != ues:
            diffs.append("filter %s: UEs %s, want %s" % (filt, sorted(rep.ues), sorted(ues)))
        if data["filter"] != filt:
            diffs.append("filter %s: the page names %r" % (filt, data["filter"]))
    return diffs


def hostile_case(esmtrace, tmp):
    """A UE name and file name made to break out of the JSON block and the markup, and
    bytes that are not UTF-8: the page must stay one page with one JSON block."""
    diffs = []
    name = os.path.join(tmp, "a<b>&'\"x.tsv")
    key = b"ue</script><script>alert(1)</script>\xff\xfe<!--"
    with open(name, "wb") as f:   # PDN CONNECTIVITY REQUEST (T3482), never answered
        f.write(b"1.0\t" + key + b"\tul\t0202d011280403696d73\n")
    out = os.path.join(tmp, "hostile.html")
    run([esmtrace, "replay", "--quiet", "--html", out, name], ok=(0, 1))
    data, problems = read_page(out)
    diffs += problems
    if data is not None:
        names = [u["name"] for u in data["ues"]]
        if names != ["ue</script><script>alert(1)</script>\ufffd\ufffd<!--"]:
            diffs.append("UE name not kept as text: %r" % names)
        if data["title"] != "a<b>&'\"x.tsv":
            diffs.append("title not kept: %r" % data["title"])
    text = open(out, encoding="utf-8").read()
    if "<script>alert" in text or "<b>&" in text:
        diffs.append("markup from the input reached the page")
    return diffs


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] not in ("replay", "tshark"):
        sys.exit(__doc__)
    via = args[0]
    esmgen = args[1]
    esmtrace = args[2] if via == "replay" else None
    scns = args[3:] if via == "replay" else args[2:]
    if not shutil.which("tshark") or not shutil.which("editcap"):
        sys.exit(77)  # pcap2replay.py and the plugin need tshark
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scn in scns:
            name = os.path.splitext(os.path.basename(scn))[0]
            pcap = os.path.join(tmp, name + ".pcapng")
            exp = os.path.join(tmp, name + ".expect.jsonl")
            run([esmgen, "-o", pcap, "--expect", exp, scn])
            out = os.path.join(tmp, name + ".html")
            keys = key_file(scn)
            other = report_replay(esmtrace, pcap, out, tmp, keys) if via == "replay" else \
                report_tshark(pcap, out, keys=keys)
            data, diffs = read_page(out)
            times = {int(a): float(b) for a, b in (line.split("\t") for line in run(
                ["tshark", "-n", "-r", pcap, "-T", "fields", "-e", "frame.number", "-e", "frame.time_relative"]).split("\n")
                if line)}
            if data is not None:
                diffs += check_scenario(Report(data), [json.loads(x) for x in open(exp)], other, name, times)
            print("%-45s %s" % (name, "ok" if not diffs else "%d differences" % len(diffs)))
            for x in diffs:
                print("   " + x)
            bad += bool(diffs)
        if via == "tshark":
            scn = [x for x in scns if "08-" in os.path.basename(x)] or scns[:1]
            diffs = filter_case(esmgen, scn[0], tmp)
            print("%-45s %s" % ("filter", "ok" if not diffs else "%d differences" % len(diffs)))
            for x in diffs:
                print("   " + x)
            bad += bool(diffs)
        if via == "replay":
            diffs = hostile_case(esmtrace, tmp)
            print("%-45s %s" % ("hostile-names", "ok" if not diffs else "%d differences" % len(diffs)))
            for x in diffs:
                print("   " + x)
            bad += bool(diffs)
        for name, page in empty_cases(tmp, esmgen, os.path.dirname(scns[0]), via, esmtrace):
            data, diffs = read_page(page)
            text = open(page, encoding="utf-8").read()
            if data is not None and (data["ues"] or data["triage"] or data["summary"]["ues"]):
                diffs.append("UEs or findings in a capture without ESM")
            if "No ESM traffic in this capture" not in text:
                diffs.append("the page does not say there is no ESM traffic")
            print("%-45s %s" % (name, "ok" if not diffs else "%d differences" % len(diffs)))
            for x in diffs:
                print("   " + x)
            bad += bool(diffs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
