#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of the esmtrace Wireshark plugin, driven through tshark.

The plugin must already be installed where tshark loads it (the ctest fixture
`plugin_install` does that). Each mode is one ctest test:

  loads    tshark lists the plugin, every field of the issue and every preference
  passes   one-pass and two-pass (-2) field output are identical on every capture
  shared   every capture, shared and pcaps/: no crash, every ESM message tshark's
           NAS-EPS dissector sees is analysed by the plugin (same count); on the
           shared ones no warn or error finding except the ones explained below with
           their clause (on pcaps/ the golden mode holds the findings to the scenario)
  golden   every pcaps/*.scn: the plugin's fields equal the scenario's expectations
           (esmgen --expect), and its finish lines equal the -z tables
  prefs    -o esm.t3485:N reaches the tracker: a resend at the standard interval
           becomes premature when T3485 is doubled (TS 24.301 6.4.1.6 a, 6.4.2.6 a)
  stats    the -z tables agree with the per-frame fields
  twins    every pcaps/*.scn that is the twin of a plain scenario (NAS ciphered with EEA1-3):
           with its keys, tshark -T fields over every tracker field equals the plain one's,
           frame for frame (the twin's AKA and SMC frames set aside, frame numbers mapped)
  keys     NAS security: on the shared captures with published keys every MAC from each UE's
           SMC on is ok and none failed, all fail with one wrong key digit; the deciphered
           messages are Wireshark's own NAS-EPS fields (data source "Deciphered NAS")
  names    every capture: the IMSI and GUTI that Wireshark's NAS-EPS dissector shows in a frame
           are esm.imsi and esm.guti there, a UE keeps its IMSI, esm.imsi == "X" finds its frames
           across S1AP id changes, and the triage and bearer tables name it "IMSI X"
  variants every shared UE-side capture (GSMTAP), rewritten as three modem-log tools could
           have written it: the NAS log's uplink flag unset, every uplink flag inverted, the
           NAS log's timestamps 1 s early (out of order with the RRC copies); the analysis of
           every frame must stay the same (the direction a source gives is a hint, copies are
           matched by content and NAS sequence number, not by a 1 s window)

A capture pcaps/NAME.pcapng (or one esmgen writes from pcaps/NAME.scn) is read with the
esm_nas_keys rows of pcaps/NAME.keys when that file exists.

Exit status 77 means "skipped" (a folder of captures is missing).
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

# ltesniffer captures carry MAC-LTE framed PDUs in DLT 147 (pcaps/README.md).
USER_DLT = 'uat:user_dlts:"User 0 (DLT=147)","mac-lte-framed","0","","0",""'

# Every field the plugin must export (issue 4).
REQUIRED_FIELDS = """esm.ue esm.msg_type esm.ebi esm.pti esm.proc esm.mme_state_before esm.mme_state_after
esm.ue_state_before esm.ue_state_after esm.response_in esm.response_to esm.response_time esm.retrans_count
esm.retrans_of esm.timer esm.timer_expiries esm.finding esm.cause esm.apn esm.pdn_ipv4 esm.qci esm.lbi
esm.pco_id esm.t3396 esm.ciphered esm.integrity esm.integrity.count esm.integrity.algorithm
esm.integrity.reason esm.deciphered esm.dir esm.dir_source""".split()

# What the tracker says about a message (the twins must agree on each).
TRACKER_FIELDS = """esm.ue esm.msg_type esm.ebi esm.pti esm.proc esm.mme_state_before esm.mme_state_after
esm.ue_state_before esm.ue_state_after esm.response_in esm.response_to esm.response_time esm.retrans_count
esm.retrans_of esm.timer esm.timer_expiries esm.finding esm.finding.severity esm.finding.clause
esm.finding.text esm.finding.related esm.cause esm.apn esm.pdn_ipv4 esm.qci esm.lbi esm.pco_id
esm.t3396""".split()

REQUIRED_PREFS = """esm.t3485 esm.t3486 esm.t3489 esm.t3495 esm.t3480 esm.t3481 esm.t3482 esm.t3492 esm.t3493
esm.abort_expiries esm.abort_expiries_t3489 esm.tolerance_ms esm.assume_eea0 esm.check_ip_conflicts
esm.ue_side""".split()

# Fields compared between one pass and two passes. esm.response_in is left out on
# purpose: it names a later frame, which a single pass cannot know when it prints
# the request (the same holds for Wireshark's own *.response_in fields).
PASS_FIELDS = [f for f in REQUIRED_FIELDS if f != "esm.response_in"] + [
    "esm.nas_index", "esm.source", "esm.mme_ue_id", "esm.enb_ue_id", "esm.erab_id",
    "esm.finding.severity", "esm.finding.clause", "esm.finding.text", "esm.duplicate"]

# Findings of warn or error level expected on the shared captures, each with why.
# Key: (capture file, finding code) -> explanation.
EXPLAINED = {
    ("qcsuper_pr155_ue_gsmtap_attach_rej_esmcause50_2ndPDN.pcapng", "malformed"):
        "the modem's own log copy of the ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST is followed by the "
        "rest of the ATTACH ACCEPT (GUTI IEI 0x50, TAI IEI 0x13...); read as ESM IEs under TS 24.007 "
        "11.2.4 (IEI bit 8 = 0: TLV) the tail runs past the end: TS 24.301 7.5 treats it as malformed",
    ("open5gs_testsuite_epc_2019.pcapng", "reject"):
        "the test suite asks for an unknown APN on purpose and gets PDN CONNECTIVITY REJECT #27 "
        "(TS 24.301 6.5.1.4): the reject is real and reported as such",
    ("open5gs_testsuite_epc_2019.pcapng", "bearer-status-mismatch"):
        "frame 437: the test suite's TAU REQUEST says EBI 6 is inactive in the UE; TS 24.301 5.5.3.2.4: the "
        "MME shall then deactivate EBI 6 locally, yet its TAU ACCEPT (frame 438) lists EBI 6 as active",
    ("open5gs_testsuite_epc_2019.pcapng", "response-without-request"):
        "frames 539, 550, 621: MODIFY / DEACTIVATE EPS BEARER CONTEXT REQUEST carry PTI 5, the PTI of a PDN "
        "CONNECTIVITY REQUEST already answered; TS 24.301 6.3.2: a network request not answering a UE request "
        "has 'no procedure transaction identity assigned'; 7.3.1 k and m: the UE answers such a PTI mismatch "
        "with a reject or ESM STATUS #47",
    ("open5gs_testsuite_epc_2019.pcapng", "ip-conflict"):
        "frames 517, 589, 603: the test suite ends its test cases without detaching; the MME then deletes "
        "the sessions on S11 (GTPv2 Delete Session Request, e.g. frames 284 and 298) with no NAS and no "
        "S1AP message for the UE. From S1, which is all the analysis reads, the earlier UEs still hold "
        "their addresses: an ECM-IDLE UE keeps its PDN connections (TS 24.301 6.1.1) until an implicit "
        "detach, which cannot come before the mobile reachable timer (T3412 + 4 min, table 10.2.2 "
        "NOTE 4, 5.3.7) has run out, and the addresses are handed out again 20 s later",
    ("open5gs_testsuite_attach_multiUE.pcapng", "procedure-aborted"):
        "the test suite's eNodeB answers INITIAL CONTEXT SETUP REQUEST with INITIAL CONTEXT SETUP FAILURE "
        "(radio connection with UE lost): the default bearer activation riding in ATTACH ACCEPT fails "
        "with the attach (TS 24.301 6.4.1.1, 5.5.1.2.6)",
}

# One row of the esm_nas_keys table on the command line: IMSI, K (OPc of TS 35.208 set 1).
KEY_ROW = 'uat:esm_nas_keys:"%s","%s","cd63cb71954a9f4e48a5994e37a02baf"'

SEVERITY_RANK = {"chat": 0, "note": 1, "warn": 2, "error": 3}

# ESM message types of TS 24.301 table 9.8.2.
ESM_TYPES = {0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4,
             0xD5, 0xD6, 0xD7, 0xD9, 0xDA, 0xDB, 0xDC, 0xE8, 0xE9, 0xEA, 0xEB}


class Failure(Exception):
    pass


class Runner:
    def __init__(self, args):
        self.tshark = args.tshark
        self.shared = args.shared
        self.pcaps = args.pcaps
        self.esmgen = args.esmgen
        self.failures = []

    def keys_of(self, cap):
        """-o rows of pcaps/NAME.keys for a capture named NAME (ours or esmgen's), else []."""
        path = os.path.join(self.pcaps, os.path.splitext(os.path.basename(cap))[0] + ".keys")
        if not os.path.exists(path):
            return []
        rows = [l.strip() for l in open(path) if l.strip() and not l.startswith("#")]
        return [a for r in rows for a in ("-o", "uat:esm_nas_keys:" + r)]

    def run(self, args, check=True):
        # -G must come first; reading options do not apply to it.
        if "-r" in args and args[:1] != ["-G"]:
            args = self.keys_of(args[args.index("-r") + 1]) + args
        cmd = [self.tshark] + (args if args[:1] == ["-G"] else ["-n", "-o", USER_DLT] + args)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           errors="replace", timeout=600)
        if p.returncode < 0 or (check and p.returncode != 0):
            raise Failure("tshark %s: exit %d\n%s" % (" ".join(shlex.quote(a) for a in args), p.returncode,
                                                       p.stderr[-2000:]))
        return p.stdout

    def fail(self, msg):
        self.failures.append(msg)
        print("FAIL:", msg)

    def fields(self, cap, fields, extra=()):
        args = list(extra) + ["-r", cap, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
        for f in fields:
            args += ["-e", f]
        return self.run(args)

    def shared_captures(self):
        caps = sorted(glob.glob(os.path.join(self.shared, "pcaps", "*.pcap*")))
        return caps

    def our_captures(self):
        return sorted(glob.glob(os.path.join(self.pcaps, "*.pcapng")))

    # --------------------------------------------------------------- modes

    def mode_loads(self):
        plugins = self.run(["-G", "plugins"])
        row = [line.split("\t") for line in plugins.splitlines() if line.startswith("esmtrace.so")]
        if not row:
            self.fail("tshark -G plugins does not list esmtrace.so")
        elif len(row[0]) < 3 or row[0][2].strip() != "dissector":
            # 4.2+ asks plugin_describe(); without it the type reads "unknown"
            self.fail("tshark -G plugins lists esmtrace.so as %r, not a dissector" % "\t".join(row[0]))
        fields = {line.split("\t")[2] for line in self.run(["-G", "fields"]).splitlines()
                  if line.startswith("F\t") or line.startswith("P\t")}
        for f in REQUIRED_FIELDS + ["esm"]:
            if f not in fields:
                self.fail("field %s is not registered" % f)
        prefs = self.run(["-G", "defaultprefs"])
        for p in REQUIRED_PREFS:
            if "#%s:" % p not in prefs.replace(" ", "") and "%s:" % p not in prefs:
                self.fail("preference %s is not registered" % p)
        # -o esm.t3485:16 must be accepted (tshark refuses unknown preferences).
        caps = self.shared_captures() + self.our_captures()
        if caps:
            self.run(["-o", "esm.t3485:16", "-c", "1", "-r", caps[0]])
            # the esm_nas_keys table takes rows with -o, one per row; a malformed row is refused
            # with the reason (never a crash)
            self.run(["-o", KEY_ROW % ("001010000000001", "465b5ce8b199b49faa5f0a2ee238a6bc"),
                      "-o", KEY_ROW % ("001010000000002", "465b5ce8b199b49faa5f0a2ee238a6bc"), "-c", "1", "-r", caps[0]])
            p = subprocess.run([self.tshark, "-n", "-o", KEY_ROW % ("001010000000001", "465b"), "-c", "1", "-r",
                                caps[0]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
            if p.returncode <= 0 or "K must be 32 hex digits" not in p.stderr:
                self.fail("a malformed esm_nas_keys row is not refused with its reason: exit %d, %r"
                          % (p.returncode, p.stderr[-300:]))

    def mode_passes(self):
        caps = self.shared_captures() + self.our_captures()
        if not caps:
            return 77
        cols = ["frame.number"] + PASS_FIELDS
        fcols = [cols.index(c) for c in ("esm.finding", "esm.finding.severity", "esm.finding.clause",
                                         "esm.finding.text")]

        def without_late(line1, line2):
            """line2 less the findings only a second pass shows: an abort, found once its timer ran
            out after the request was shown, is back-filled onto the request (FORMAT.md 6.1), with
            the local deactivation a T3495 abort means (6.4.4.5 a). Nothing else may differ."""
            a, b = line1.split("\t"), line2.split("\t")
            if len(a) != len(b):
                return line2
            got, want = b[fcols[0]].split("|") if b[fcols[0]] else [], a[fcols[0]].split("|") if a[fcols[0]] else []
            extra, j = [], 0
            for i, code in enumerate(got):
                if j < len(want) and want[j] == code:
                    j += 1
                elif code in ("procedure-aborted", "local-deactivation"):
                    extra.append(i)
                else:
                    return line2
            for c in fcols:
                vals = b[c].split("|") if b[c] else []
                if len(vals) == len(got):
                    b[c] = "|".join(v for i, v in enumerate(vals) if i not in extra)
            return "\t".join(b)

        for cap in caps:
            one = self.fields(cap, cols)
            two = self.fields(cap, cols, ["-2"])
            if one != two and len(one.splitlines()) == len(two.splitlines()):
                two = "\n".join(without_late(x, y) for x, y in zip(one.splitlines(), two.splitlines())) + \
                    ("\n" if two.endswith("\n") else "")
            if one != two:
                a, b = one.splitlines(), two.splitlines()
                diff = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
                self.fail("%s: one pass and two passes differ at line %d:\n  1: %s\n  2: %s" % (
                    os.path.basename(cap), diff + 1, a[diff] if diff < len(a) else "<end>",
                    b[diff] if diff < len(b) else "<end>"))
            else:
                print("ok  %-70s %d lines identical" % (os.path.basename(cap), len(one.splitlines())))

    def mode_shared(self):
        caps = self.shared_captures() + self.our_captures()
        if not caps:
            return 77
        generated = set(self.our_captures())
        cols = ["frame.number", "nas_eps.nas_msg_esm_type", "esm.msg_type", "nas_eps.emm.replayed_nas_msg_cont",
                "esm.finding", "esm.finding.severity"]
        for cap in caps:
            name = os.path.basename(cap)
            # With a key file the plugin deciphers, and tshark's own NAS-EPS dissector reads the
            # "Deciphered NAS" data source: those are the messages to count. Its guess that
            # ciphertext is null-ciphered (nas-eps.null_decipher) is turned off then (it reads an
            # ESM message out of ciphertext now and then).
            extra = ["-o", "nas-eps.null_decipher:FALSE"] if self.keys_of(cap) else []
            out = self.fields(cap, cols, extra)
            # tshark 4.0 reads a plain stand-alone ESM message only with nas-eps.dissect_plain, which
            # breaks the security-protected ones (tests/gen/FORMAT.md 7a): an ESM message counts when
            # either run shows it. Both sides count the message types of table 9.8.2 only: tshark
            # gives no type field to others (a crafted unknown type; ciphertext it guesses is plain).
            plain = {l.split("\t")[0]: len([x for x in l.split("\t")[1].split("|") if x]) for l in
                     self.fields(cap, cols[:2], extra + ["-o", "nas-eps.dissect_plain:TRUE"]).splitlines()}
            seen = analysed = replayed = 0
            for line in out.splitlines():
                col = line.split("\t")
                ws_types = [x for x in col[1].split("|") if x]
                ws_types += [""] * max(0, plain.get(col[0], 0) - len(ws_types))
                ours = [x for x in col[2].split("|") if x and int(x, 0) in ESM_TYPES]
                seen += len(ws_types)
                analysed += len(ours)
                if col[3]:
                    # A Replayed NAS message container (TS 24.301 9.9.3.51, 5.4.3.3) repeats the
                    # initial NAS message inside SECURITY MODE COMPLETE for integrity checking; the
                    # ESM message in it was already counted where it was sent.
                    replayed += max(0, len(ws_types) - len(ours))
                codes = [x for x in col[4].split("|") if x]
                sevs = [x for x in col[5].split("|") if x]
                for code, sev in zip(codes, sevs):
                    if SEVERITY_RANK.get(sev, 0) >= SEVERITY_RANK["warn"] and cap not in generated and \
                            (name, code) not in EXPLAINED:
                        self.fail("%s frame %s: unexplained %s finding %s" % (name, col[0], sev, code))
            if seen - replayed != analysed:
                self.fail("%s: tshark sees %d ESM messages (%d in replayed containers), the plugin analysed %d"
                          % (name, seen, replayed, analysed))
            else:
                print("ok  %-70s %d ESM messages analysed" % (name, analysed))

    # golden: scenario expectations (tests/gen/FORMAT.md section 6)

    def esm_items(self, cap, extra=()):
        """{(frame, nas_index): esm dict} from tshark -T json."""
        out = self.run(list(extra) + ["-r", cap, "-T", "json", "--no-duplicate-keys", "-j", "frame esm"])
        items = {}
        for pkt in json.loads(out or "[]"):
            layers = pkt["_source"]["layers"]
            frame = int(layers["frame"]["frame.number"])
            esm = layers.get("esm")
            for e in (esm if isinstance(esm, list) else [esm] if esm else []):
                items[(frame, int(e.get("esm.nas_index", 0)))] = e
        return items

    @staticmethod
    def values(e, key):
        v = e.get(key)
        if v is None:
            return []
        return v if isinstance(v, list) else [v]

    def check_expect(self, where, e, exp, frames):
        def one(key):
            v = self.values(e, key)
            return v[0] if v else None

        def check(what, got, want):
            if got != want:
                self.fail("%s: %s is %r, expected %r" % (where, what, got, want))

        if e is None:
            self.fail("%s: the plugin shows no analysis for this message" % where)
            return
        if "ue_no" in exp:
            check("esm.ue", one("esm.ue"), str(exp["ue_no"]))
        if "proc" in exp:
            check("esm.proc", one("esm.proc"), None if exp["proc"] in ("-", None) else exp["proc"])
        if "ebi" in exp:
            check("esm.ebi", one("esm.ebi"), str(exp["ebi"]))
        if "mme" in exp and exp["mme"] is not None:
            check("esm.mme_state_before>after", (one("esm.mme_state_before"), one("esm.mme_state_after")),
                  tuple(exp["mme"]))
        if "ue_state" in exp and exp["ue_state"] is not None:
            check("esm.ue_state_before>after", (one("esm.ue_state_before"), one("esm.ue_state_after")),
                  tuple(exp["ue_state"]))
        if "timer" in exp:  # a list: [] is "-", no timer started
            want = exp["timer"] if isinstance(exp["timer"], list) else [exp["timer"]]
            check("esm.timer", sorted(self.values(e, "esm.timer")), sorted(t for t in want if t != "-"))
        check("esm.retrans_count", int(one("esm.retrans_count") or 0), exp.get("retx", 0))
        if exp.get("retx_of") is not None:
            check("esm.retrans_of", one("esm.retrans_of"), str(exp["retx_of"]))
        check("esm.timer_expiries", int(one("esm.timer_expiries") or 0), exp.get("expiries", 0))
        if "resp_to" in exp:
            check("esm.response_to", one("esm.response_to"),
                  None if exp["resp_to"] is None else str(exp["resp_to"]))
        check("esm.finding", sorted(self.values(e, "esm.finding")), sorted(exp.get("findings", [])))
        if "integrity" in exp:
            check("esm.integrity", one("esm.integrity") or "none", exp["integrity"])
        if "deciphered" in exp:
            check("esm.deciphered", one("esm.deciphered") in ("1", "True", "true"), exp["deciphered"])
        check("esm.duplicate", one("esm.duplicate") in ("1", "True", "true"), bool(exp.get("dup", 0)))
        if "dir" in exp:
            check("esm.dir", {"1": "ul", "2": "dl", "0": "-"}.get(one("esm.dir")), exp["dir"])
        if "dir_from" in exp:
            check("esm.dir_source", one("esm.dir_source"), exp["dir_from"])

    def mode_golden(self):
        scns = sorted(glob.glob(os.path.join(self.pcaps, "*.scn")))
        if not scns or not self.esmgen:
            return 77
        with tempfile.TemporaryDirectory() as tmp:
            for scn in scns:
                name = os.path.splitext(os.path.basename(scn))[0]
                cap = os.path.join(tmp, name + ".pcapng")
                exp_path = os.path.join(tmp, name + ".jsonl")
                p = subprocess.run([self.esmgen, "-o", cap, "--expect", exp_path, scn], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
                if p.returncode != 0:
                    self.fail("%s: esmgen failed: %s" % (name, p.stderr.strip()[:500]))
                    continue
                rows = [json.loads(l) for l in open(exp_path) if l.strip()]
                # FORMAT.md 6.1: an abort belongs to its request ("finish aborted ... of=@label"), on no
                # frame of the first pass (the request is shown before the timer runs out); a second
                # pass (-2, the GUI) shows procedure-aborted on the request, plus, for T3495, the
                # local deactivation that abort means (6.4.4.5 a).
                late = {}
                for f in rows:
                    if f.get("finish") == "aborted":
                        late.setdefault(f["of"], []).append("procedure-aborted")
                        if "T3495" in (f.get("timer") or []):
                            late[f["of"]].append("local-deactivation")
                before = len(self.failures)
                n = 0
                nas_in_frame = {}
                for r in rows:
                    if r.get("nas_index") is not None:
                        nas_in_frame[r["frame"]] = nas_in_frame.get(r["frame"], 0) + 1
                for two_pass in (False, True):
                    items = self.esm_items(cap, ["-2"] if two_pass else [])
                    for r in rows:
                        if "expect" not in r:
                            continue  # a finish line
                        if r.get("nas_index") is None:
                            # An S1AP message without NAS that the tracker follows (the S1AP table):
                            # the plugin shows it after the frame's NAS-PDUs, and only with findings.
                            n += not two_pass
                            where = "%s%s frame %d %s (line %d)" % (name, " (-2)" if two_pass else "", r["frame"],
                                                                     r.get("s1ap", ""), r.get("line", 0))
                            e = items.get((r["frame"], nas_in_frame.get(r["frame"], 0)))
                            if r["expect"].get("findings"):
                                self.check_expect(where, e, r["expect"], None)
                            elif e is not None and self.values(e, "esm.finding"):
                                self.fail("%s: findings %r, expected none" % (where, self.values(e, "esm.finding")))
                            continue
                        n += not two_pass
                        exp = r["expect"]
                        if two_pass and r.get("nas_index", 0) == 0 and r["frame"] in late:
                            exp = dict(exp, findings=exp.get("findings", []) + late[r["frame"]])
                        where = "%s%s frame %d nas %d (line %d %s)" % (
                            name, " (-2)" if two_pass else "", r["frame"], r.get("nas_index", 0), r.get("line", 0),
                            r.get("nas", ""))
                        self.check_expect(where, items.get((r["frame"], r.get("nas_index", 0))), exp, None)
                self.check_finish(name, cap, [r for r in rows if "finish" in r])
                if len(self.failures) == before:
                    print("ok  %-50s %d messages as the scenario states" % (name, n))

    def tables(self, cap, extra=()):
        """The -z esm tables as {title: [row dict]} (tshark prints 'a |b |' rows)."""
        out = self.run(list(extra) + ["-q", "-r", cap, "-z", "esm,triage", "-z", "esm,bearers",
                                      "-z", "esm,procedures"])
        tables, title, cols = {}, None, None
        for line in out.splitlines():
            if line.startswith("====="):
                title, cols = None, None
            elif title is None and line.endswith(":") and not line.startswith("Filter"):
                title = line[:-1]
                tables[title] = []
            elif title and cols is None and line.endswith("|"):
                cols = [c.strip() for c in line.split("|")[:-1]]
            elif title and cols and line.endswith("|"):
                vals = [c.strip() for c in line.split("|")[:-1]]
                tables[title].append(dict(zip(cols, vals)))
        return tables

    def check_finish(self, name, cap, finish):
        t = self.tables(cap)
        triage = t.get("ESM triage", [])
        at_end = [r for r in triage if r["Text"].endswith("(at capture end)")]
        want_pending = [f for f in finish if f["finish"] == "pending"]
        want_aborted = [f for f in finish if f["finish"] == "aborted"]
        got_pending = [r for r in at_end if r["Finding"] == "pending-at-end"]
        if len(got_pending) != len(want_pending):
            self.fail("%s: %d pending-at-end findings at capture end, the scenario states %d" % (
                name, len(got_pending), len(want_pending)))
        for f in want_pending:
            if not any(r["UE"] == str(f["ue_no"]) and (not f.get("proc") or r["Procedure"] == f["proc"])
                       for r in got_pending):
                self.fail("%s: no pending-at-end for UE %s %s" % (name, f["ue_no"], f.get("proc")))
        aborted = [r for r in triage if r["Finding"] == "procedure-aborted"]
        for f in want_aborted:
            if not any(r["UE"] == str(f["ue_no"]) and r["Procedure"] == f["proc"] for r in aborted):
                self.fail("%s: no procedure-aborted for UE %s %s (at %s s)" % (name, f["ue_no"], f["proc"],
                                                                            f.get("at")))
        bearers = t.get("ESM bearers", [])
        for f in finish:
            if f["finish"] != "bearer":
                continue
            rows = [r for r in bearers if r["UE"] == str(f["ue_no"]) and r["EBI"] == str(f["ebi"])]
            if not rows:
                self.fail("%s: no bearer row for UE %s EBI %s" % (name, f["ue_no"], f["ebi"]))
            elif rows[-1]["Final state"] != f["mme"]:
                self.fail("%s: bearer UE %s EBI %s ends %r, the scenario states %r" % (
                    name, f["ue_no"], f["ebi"], rows[-1]["Final state"], f["mme"]))

    def mode_prefs(self):
        scns = sorted(glob.glob(os.path.join(self.pcaps, "*.scn")))
        if not scns or not self.esmgen:
            return 77
        checked = 0
        with tempfile.TemporaryDirectory() as tmp:
            for scn in scns:
                name = os.path.splitext(os.path.basename(scn))[0]
                cap, exp_path = os.path.join(tmp, name + ".pcapng"), os.path.join(tmp, name + ".jsonl")
                if subprocess.run([self.esmgen, "-o", cap, "--expect", exp_path, scn],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
                    continue
                rows = [json.loads(l) for l in open(exp_path) if l.strip()]
                # The first resend of a T3485 request that the scenario calls a plain retransmission,
                # i.e. sent after the default 8 s (table 10.3.2).
                resends = [r for r in rows if "expect" in r and r["expect"].get("retx") == 1
                           and "T3485" in (r["expect"].get("timer") or [])
                           and "premature-retransmission" not in r["expect"].get("findings", [])]
                if not resends:
                    continue
                items = self.esm_items(cap, ["-o", "esm.t3485:30"])
                for r in resends:
                    e = items.get((r["frame"], r.get("nas_index", 0)))
                    codes = self.values(e or {}, "esm.finding")
                    if "premature-retransmission" not in codes:
                        self.fail("%s frame %d: with T3485 = 30 s a resend %s after the original is not "
                                  "premature (findings %s)" % (name, r["frame"], "8 s", codes))
                    checked += 1
        if not checked:
            return 77
        print("ok  %d resends became premature with -o esm.t3485:30" % checked)

    def mode_variants(self):
        caps = [c for c in self.shared_captures() if os.path.basename(c).startswith("qcsuper_")]
        if not caps:
            return 77
        cols = ["frame.number", "esm.ue", "esm.msg_type", "esm.ebi", "esm.pti", "esm.proc", "esm.mme_state_before",
                "esm.mme_state_after", "esm.ue_state_before", "esm.ue_state_after", "esm.dir", "esm.duplicate",
                "esm.retrans_count", "esm.response_to", "esm.finding"]
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o755)
            for cap in caps:
                name = os.path.basename(cap)
                want = self.fields(cap, cols, ["-2"])
                for how in ("unset", "inverted", "early"):
                    var = os.path.join(tmp, how + "-" + name)
                    gsmtap_variant(cap, var, how)
                    os.chmod(var, 0o644)
                    got = self.fields(var, cols, ["-2"])
                    if got != want:
                        a, b = want.splitlines(), got.splitlines()
                        i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
                        self.fail("%s, %s: analysis differs from the original at line %d:\n  original %s\n"
                                  "  variant  %s" % (name, how, i + 1, a[i] if i < len(a) else "<end>",
                                                     b[i] if i < len(b) else "<end>"))
                    else:
                        print("ok  %-62s %-8s %d frames analysed alike" % (name, how, len(want.splitlines())))

    def mode_stats(self):
        caps = self.shared_captures() + self.our_captures()
        if not caps:
            return 77
        for cap in caps:
            name = os.path.basename(cap)
            t = self.tables(cap)
            triage, procs = t.get("ESM triage"), t.get("ESM procedures")
            if triage is None or procs is None or t.get("ESM bearers") is None:
                self.fail("%s: -z esm,triage/bearers/procedures printed no table" % name)
                continue
            names = [r["Procedure"] for r in procs]
            want = ["default-bearer-activation", "dedicated-bearer-activation", "bearer-modification",
                    "bearer-deactivation", "pdn-connectivity", "pdn-disconnect", "bearer-resource-allocation",
                    "bearer-resource-modification", "esm-information", "notification", "remote-ue-report",
                    "data-transport", "esm-status"]
            if names != want:
                self.fail("%s: procedure rows %s" % (name, names))
            ranks = [SEVERITY_RANK.get(r["Severity"], -1) for r in triage]
            if ranks != sorted(ranks, reverse=True):
                self.fail("%s: triage rows are not most severe first" % name)
            # Every finding shown on a frame is a triage row of that frame, and the other way round
            # for findings not produced at capture end. Two passes: aborts are back-filled onto
            # their requests (FORMAT.md 6.1), which the one-pass frames were shown before.
            out = self.fields(cap, ["frame.number", "esm.finding"], ["-2"])
            per_frame = sorted((int(l.split("\t")[0]), c) for l in out.splitlines()
                               for c in l.split("\t")[1].split("|") if c)
            rows = sorted((int(r["Frame"]), r["Finding"]) for r in triage
                          if not r["Text"].endswith("(at capture end)"))
            if per_frame != rows:
                self.fail("%s: %d findings on frames, %d triage rows" % (name, len(per_frame), len(rows)))
                continue
            # -z esm,triage,FILTER keeps the rows of the frames that pass the filter.
            if per_frame:
                half = per_frame[len(per_frame) // 2][0]
                out = self.run(["-q", "-r", cap, "-z", "esm,triage,frame.number <= %d" % half])
                kept = sorted((int(c[4]), c[2].strip()) for c in
                              (l.split("|") for l in out.splitlines() if l.count("|") > 10)
                              if c[4].strip().isdigit() and not c[10].strip().endswith("(at capture end)"))
                want = [x for x in per_frame if x[0] <= half]
                if kept != want:
                    self.fail("%s: filtered triage has %d rows, %d findings on frames <= %d" % (
                        name, len(kept), len(want), half))
                    continue
            print("ok  %-70s %d triage rows" % (name, len(triage)))

    # names: who the UE is (IMSI, GUTI), against Wireshark's own NAS-EPS fields

    def mode_names(self):
        caps = self.shared_captures() + self.our_captures()
        if not caps:
            return 77
        cols = ["frame.number", "esm.ue", "esm.imsi", "esm.guti", "e212.imsi", "nas_eps.emm.m_tmsi",
                "nas_eps.emm.mme_grp_id", "nas_eps.emm.mme_code", "s1ap.MME_UE_S1AP_ID", "esm.finding"]
        followed = 0
        for cap in caps:
            name = os.path.basename(cap)
            rows = [dict(zip(cols, l.split("\t"))) for l in self.fields(cap, cols, ["-2"]).splitlines()]
            imsi_of, first, bad = {}, {}, []
            for r in rows:
                f, ues, imsis, gutis = int(r["frame.number"]), r["esm.ue"].split("|"), r["esm.imsi"], r["esm.guti"]
                findings = r["esm.finding"].split("|")
                if not r["esm.ue"] or "malformed" in findings or "ciphered" in findings:
                    continue
                # the IMSI the frame's NAS shows (TS 24.301 9.9.3.12, 9.9.2.3) is the UE's from then on
                shown = [x for x in r["e212.imsi"].split("|") if x]
                if shown and not any(i in shown for i in imsis.split("|")):
                    bad.append("frame %d: NAS-EPS shows IMSI %s, esm.imsi %r" % (f, shown, imsis))
                # a GUTI the frame's NAS shows (TS 23.003 2.8) is the UE's latest
                tm = [int(x) for x in r["nas_eps.emm.m_tmsi"].split("|") if x]
                grp = [int(x) for x in r["nas_eps.emm.mme_grp_id"].split("|") if x]
                code = [int(x) for x in r["nas_eps.emm.mme_code"].split("|") if x]
                if tm and grp and code:
                    want = "-%04x-%02x-%08x" % (grp[-1], code[-1], tm[-1])
                    if not any(g.endswith(want) for g in gutis.split("|") if g):
                        bad.append("frame %d: NAS-EPS shows a GUTI ending %s, esm.guti %r" % (f, want, gutis))
                for ue, imsi in zip(ues, imsis.split("|") if imsis else [""] * len(ues)):
                    if imsi:
                        if imsi_of.get(ue, imsi) != imsi:
                            bad.append("frame %d: UE %s was IMSI %s, now %s" % (f, ue, imsi_of[ue], imsi))
                        imsi_of.setdefault(ue, imsi)
                        first.setdefault(ue, f)
                    elif ue in imsi_of:
                        bad.append("frame %d: UE %s lost its IMSI %s" % (f, ue, imsi_of[ue]))
            # esm.imsi == "X" finds the UE's frames from the one that showed it, whatever its S1AP ids
            for ue, imsi in sorted(imsi_of.items())[:3]:
                got = [int(x) for x in self.fields(cap, ["frame.number"], ["-2", "-Y", 'esm.imsi == "%s"' % imsi]).split()]
                want = [int(r["frame.number"]) for r in rows if ue in r["esm.ue"].split("|")
                        and int(r["frame.number"]) >= first[ue]]
                if sorted(set(want) - set(got)):
                    bad.append('esm.imsi == "%s" misses frames %s of UE %s' % (imsi, sorted(set(want) - set(got))[:5], ue))
                ids = {i for r in rows if int(r["frame.number"]) in got for i in r["s1ap.MME_UE_S1AP_ID"].split("|") if i}
                followed += len(ids) > 1
            # the tables name the UE as the triage does: "IMSI X"
            if imsi_of:
                tables = self.tables(cap)
                for title, key in (("ESM triage", "UE"), ("ESM bearers", "UE")):
                    for row in tables.get(title, []):
                        ue = row.get(key)
                        if ue in imsi_of and row.get("UE name") != "IMSI " + imsi_of[ue]:
                            bad.append("%s: UE %s named %r, want 'IMSI %s'" % (title, ue, row.get("UE name"), imsi_of[ue]))
                            break
            for b in bad[:5]:
                self.fail("%s %s" % (name, b))
            if not bad:
                print("ok  %-62s %d UEs with an IMSI" % (name, len(imsi_of)))
        # pcaps/13: the UE hands over twice (MME-UE-S1AP-ID 100, 200, 300): one IMSI filter finds all
        if followed == 0:
            self.fail("no capture with an IMSI followed across S1AP id changes")
        else:
            print("ok  %d UE(s) followed by esm.imsi across S1AP id changes" % followed)

    # twins: plain and ciphered scenarios give the same analysis

    TWIN_OF = "the twin of "

    def scenario_rows(self, scn, tmp):
        name = os.path.splitext(os.path.basename(scn))[0]
        cap, exp_path = os.path.join(tmp, name + ".pcapng"), os.path.join(tmp, name + ".jsonl")
        subprocess.run([self.esmgen, "-o", cap, "--expect", exp_path, scn], check=True, stdout=subprocess.DEVNULL)
        return cap, [json.loads(l) for l in open(exp_path) if l.strip()]

    def mode_twins(self):
        twins = []
        for scn in sorted(glob.glob(os.path.join(self.pcaps, "*.scn"))):
            head = open(scn).readline()
            if self.TWIN_OF in head:
                plain = head.split(self.TWIN_OF)[1].split()[0]
                twins.append((os.path.join(self.pcaps, plain), scn))
        if not twins or not self.esmgen:
            return 77
        # The twin's frames that the plain scenario lacks: its AKA and SMC (EMM only).
        SECURITY_MSGS = {"AUTHENTICATION_REQUEST", "AUTHENTICATION_RESPONSE", "SECURITY_MODE_COMMAND",
                         "SECURITY_MODE_COMPLETE"}
        cols = ["frame.number"] + TRACKER_FIELDS
        frame_cols = [cols.index(c) for c in ("esm.response_in", "esm.response_to", "esm.retrans_of",
                                               "esm.finding.related")]
        text_col = cols.index("esm.finding.text")
        with tempfile.TemporaryDirectory() as tmp:
            for plain_scn, twin_scn in twins:
                pcap, prows = self.scenario_rows(plain_scn, tmp)
                tcap, trows = self.scenario_rows(twin_scn, tmp)
                extra = {r["frame"] for r in trows if r.get("nas") in SECURITY_MSGS}
                # the twin's frames in order, less its security frames, are the plain ones
                tframes = sorted({r["frame"] for r in trows if r.get("frame")} - extra)
                pframes = sorted({r["frame"] for r in prows if r.get("frame")})
                name = os.path.basename(twin_scn)
                if len(tframes) != len(pframes):
                    self.fail("%s: %d frames besides its AKA/SMC, %s has %d" % (
                        name, len(tframes), os.path.basename(plain_scn), len(pframes)))
                    continue
                to_plain = dict(zip(tframes, pframes))
                # the scenario expectations are the plain ones (labels resolved to frames)
                pe = [(r["frame"], r.get("nas_index"), r.get("expect")) for r in prows if "expect" in r]
                te = [(to_plain.get(r["frame"]), r.get("nas_index"), r.get("expect")) for r in trows
                      if "expect" in r and r.get("nas") not in SECURITY_MSGS]
                def norm(rows):
                    out = []
                    for f, i, e in rows:
                        e = dict(e)
                        for k in ("resp_to", "retx_of"):
                            if e.get(k) is not None and e[k] in to_plain:
                                e[k] = to_plain[e[k]]
                        out.append((f, i, json.dumps(e, sort_keys=True)))
                    return out
                if norm(te) != [(f, i, json.dumps(e, sort_keys=True)) for f, i, e in pe]:
                    self.fail("%s: its expectations are not those of %s" % (name, os.path.basename(plain_scn)))
                # every protected message of the twin verifies, the ciphered ones are deciphered
                for line in self.fields(tcap, ["frame.number", "esm.integrity", "esm.ciphered"], ["-2"]).splitlines():
                    f, integ, ciph = line.split("\t")
                    if integ and any(v not in ("ok", "none") for v in integ.split("|")) and int(f) not in extra:
                        self.fail("%s frame %s: integrity %s" % (name, f, integ))
                    if ciph:
                        self.fail("%s frame %s: still ciphered" % (name, f))
                # the analysis, frame for frame
                def table(cap, mapping, skip):
                    rows = []
                    for line in self.fields(cap, cols, ["-2"]).splitlines():
                        c = line.split("\t")
                        f = int(c[0])
                        if f in skip:
                            continue
                        f = mapping.get(f, f)
                        for k in frame_cols:
                            c[k] = "|".join(str(mapping.get(int(v), int(v))) for v in c[k].split("|") if v)
                        c[text_col] = re.sub(r"frame (\d+)", lambda m: "frame %d" % mapping.get(int(m.group(1)),
                                                                                             int(m.group(1))), c[text_col])
                        rows.append("\t".join([str(f)] + c[1:]))
                    return rows
                a, b = table(pcap, {}, set()), table(tcap, to_plain, extra)
                if a != b:
                    i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
                    self.fail("%s: the analysis differs from %s at row %d:\n  plain: %s\n  twin:  %s" % (
                        name, os.path.basename(plain_scn), i + 1, a[i] if i < len(a) else "<end>",
                        b[i] if i < len(b) else "<end>"))
                else:
                    print("ok  %-45s = %s: %d rows of %d tracker fields identical" % (
                        name, os.path.basename(plain_scn), len(a), len(TRACKER_FIELDS)))

    # keys: NAS security through the plugin

    # Captures with published subscriber keys (reference/nas-security.md) and the MACs that verify.
    PUBLISHED = [("open5gs_srsenb_real_attach.pcapng", "901700000021309", "70d49a71dd1a2b806a25abe0ef749f1e",
                  "6f1bf53d624b3a43af6592854e2444c7", 6),
                 ("open5gs_testsuite_attach_multiUE.pcapng", "901707364000060", "465b5ce8b199b49faa5f0a2ee238a6bc",
                  "e8ed289deba952e4283b54e88e6183ca", 70)]

    def mode_keys(self):
        checked = 0
        for cap, imsi, k, opc, min_ok in self.PUBLISHED:
            path = os.path.join(self.shared, "pcaps", cap)
            if not os.path.exists(path):
                continue
            checked += 1
            bad_k = ("1" if k[0] == "0" else "0") + k[1:]
            res = {}
            for which, key in (("good", k), ("bad", bad_k)):
                row = ["-o", 'uat:esm_nas_keys:"%s","%s","%s"' % (imsi, key, opc)]
                one = self.fields(path, ["frame.number", "esm.ue", "esm.integrity", "esm.finding"], row)
                two = self.fields(path, ["frame.number", "esm.ue", "esm.integrity", "esm.finding"], row + ["-2"])
                if which == "good" and one != two:
                    self.fail("%s: with keys one pass and two passes differ" % cap)
                res[which] = [l.split("\t") for l in two.splitlines()]
            ok = [r[0] for r in res["good"] if "ok" in r[2].split("|")]
            if len(ok) < min_ok or any("failed" in r[2].split("|") for r in res["good"]):
                self.fail("%s: with the published keys %d MACs ok (want %d), failed: %s" % (
                    cap, len(ok), min_ok, [r[0] for r in res["good"] if "failed" in r[2]]))
            seen = set()
            for r in res["good"]:  # from a UE's first verified MAC on, none unchecked
                if "ok" in r[2].split("|"):
                    seen.add(r[1])
                elif "unchecked" in r[2].split("|") and r[1] in seen:
                    self.fail("%s frame %s: unchecked after its UE's SMC" % (cap, r[0]))
            bad = {r[0]: r for r in res["bad"]}
            nf = [f for f in ok if "failed" not in bad[f][2].split("|") or "integrity-failure" not in bad[f][3]]
            if nf or any("ok" in r[2].split("|") for r in res["bad"]):
                self.fail("%s: with one wrong key digit these frames do not fail: %s" % (cap, nf))
            else:
                print("ok  %-50s %d MACs ok with the keys, all fail with one wrong digit" % (cap, len(ok)))
        # Deciphered messages are Wireshark's own NAS-EPS items: a display filter on a nas_eps
        # field finds the ciphered ATTACH ACCEPTs of a twin with its keys, none without.
        for scn in sorted(glob.glob(os.path.join(self.pcaps, "*-eea2.scn")))[:1]:
            if not self.esmgen:
                break
            with tempfile.TemporaryDirectory() as tmp:
                cap, rows = self.scenario_rows(scn, tmp)
                want = sorted(r["frame"] for r in rows if r.get("nas") == "ATTACH_ACCEPT")
                got = [int(l) for l in self.fields(cap, ["frame.number"],
                       ["-Y", "nas_eps.nas_msg_emm_type == 0x42 && esm.deciphered"]).split()]
                if got != want:
                    self.fail("%s: nas_eps.nas_msg_emm_type == 0x42 finds frames %s, want %s" % (
                        os.path.basename(scn), got, want))
                p = subprocess.run([self.tshark, "-n", "-r", cap, "-Y", "nas_eps.nas_msg_emm_type == 0x42",
                                    "-T", "fields", "-e", "frame.number"], stdout=subprocess.PIPE, text=True)
                if p.stdout.split():
                    self.fail("%s: without the keys NAS-EPS reads ATTACH ACCEPT in frames %s" % (
                        os.path.basename(scn), p.stdout.split()))
                hexdump = self.run(["-r", cap, "-x", "-Y", "frame.number == %d" % want[0]])
                if "Deciphered NAS" not in hexdump:
                    self.fail("%s: no data source \"Deciphered NAS\" in frame %d" % (os.path.basename(scn), want[0]))
                checked += 1
                print("ok  %-50s nas_eps fields of the deciphered ATTACH ACCEPTs (frames %s)" % (
                    os.path.basename(scn), want))
        return 0 if checked else 77


# ------------------------------------------------------------ UE-side variants

def gsmtap_variant(src, dst, how):
    """Copy a pcapng of GSMTAP over raw IPv4, IPv4 or Ethernet, changing its GSMTAP frames:
    how = "unset" (the LTE NAS frames' uplink flag cleared), "inverted" (every GSMTAP frame's
    uplink flag flipped) or "early" (the LTE NAS frames stamped 1 s earlier)."""
    import struct
    d = bytearray(open(src, "rb").read())
    link, resol, pos = None, 1e-6, 0
    while pos + 12 <= len(d):
        btype, blen = struct.unpack_from("<II", d, pos)
        if btype == 1:  # interface description: link type, and if_tsresol if present
            link = struct.unpack_from("<H", d, pos + 8)[0]
            o = pos + 16
            while o + 4 <= pos + blen - 4:
                code, olen = struct.unpack_from("<HH", d, o)
                if code == 0:
                    break
                if code == 9:
                    r = d[o + 4]
                    resol = 2.0 ** -(r & 0x7F) if r & 0x80 else 10.0 ** -r
                o += 4 + ((olen + 3) & ~3)
        elif btype == 6:
            cap = struct.unpack_from("<I", d, pos + 20)[0]
            pkt = pos + 28
            ip = pkt + (14 if link == 1 else 0)
            if link in (1, 101, 228) and cap > 20 and d[ip] >> 4 == 4 and d[ip + 9] == 17:
                udp = ip + (d[ip] & 15) * 4
                g = udp + 8
                if struct.unpack_from(">H", d, udp + 2)[0] == 4729 and g + 16 <= pkt + cap:
                    gtype = d[g + 2]
                    if how == "unset" and gtype == 18:
                        d[g + 4] &= 0xBF
                    elif how == "inverted":
                        d[g + 4] ^= 0x40
                    elif how == "early" and gtype == 18:
                        hi, lo = struct.unpack_from("<II", d, pos + 12)
                        ts = (hi << 32 | lo) - int(round(1.0 / resol))
                        struct.pack_into("<II", d, pos + 12, ts >> 32, ts & 0xFFFFFFFF)
        pos += blen
    with open(dst, "wb") as fh:
        fh.write(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["loads", "passes", "shared", "golden", "prefs", "stats", "twins", "keys", "variants", "names"])
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
    ap.add_argument("--pcaps", default=os.path.join(os.path.dirname(__file__), "..", "..", "pcaps"))
    ap.add_argument("--esmgen")
    args = ap.parse_args()
    r = Runner(args)
    try:
        rc = getattr(r, "mode_" + args.mode)()
    except Failure as e:
        print("FAIL:", e)
        return 1
    if rc == 77 and not r.failures:
        print("skipped: nothing to test")
        return 77
    if r.failures:
        print("%d failure(s)" % len(r.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
