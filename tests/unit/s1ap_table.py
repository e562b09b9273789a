#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The core's S1AP table (common/s1ap.c, `esmtrace s1ap-table`) against the TS 36.413 ASN.1.

    s1ap_table.py ESMTRACE S1AP_H ASN1

For every row: the procedure code is the one of the elementary procedure (9.3.2) whose
initiating message, successful or unsuccessful outcome the row's message is; a message said
to carry its NAS-PDU as an IE has id-NAS-PDU among its IEs, one said to carry it in its E-RAB
items has an IE whose list items have a nAS-PDU member, and one said to carry none has
neither; the E-RAB list is an IE of the message, named and numbered as in the ASN.1, whose
items have the row's item IE id and an e-RAB-ID. The NAS a message from the MME carries is
downlink, the NAS from the eNodeB uplink, but for the NAS NON DELIVERY INDICATION, which
returns a downlink NAS-PDU (8.6.2.4). Every ProcedureCode and ProtocolIE-ID constant in
esmtrace/s1ap.h and in the table equals the ASN.1's (9.3.6), and the Cause groups are the
Cause CHOICE's alternatives in order (9.2.1.3). Exit 77 when the ASN.1 is not there.
"""
import json
import os
import re
import subprocess
import sys

PDU_SLOTS = {"initiatingMessage": "INITIATING MESSAGE", "successfulOutcome": "SUCCESSFUL OUTCOME",
             "unsuccessfulOutcome": "UNSUCCESSFUL OUTCOME"}


def norm(name):
    return re.sub(r"[-_]", "", name).lower()


class Asn1:
    def __init__(self, text):
        text = re.sub(r"--.*", "", text)  # comments
        self.consts = {m.group(1): int(m.group(3)) for m in re.finditer(
            r"^(id-[\w-]+)\s+(ProcedureCode|ProtocolIE-ID)\s*::=\s*(\d+)", text, re.M)}
        self.procs = {}  # message name -> (slot, procedure code constant)
        for m in re.finditer(r"^[\w-]+\s+S1AP-ELEMENTARY-PROCEDURE\s*::=\s*\{(.*?)\}", text, re.M | re.S):
            body = m.group(1)
            code = re.search(r"PROCEDURE CODE\s+(id-[\w-]+)", body)
            if not code:
                continue  # the sets of procedures (class 1, class 2)
            code = code.group(1)
            for slot in PDU_SLOTS.values():
                s = re.search(slot + r"\s+([\w-]+)", body)
                if s:
                    self.procs[s.group(1)] = (slot, code)
        self.ie_sets = {}  # IE set name -> {id constant: type}
        for m in re.finditer(r"^([\w-]+)\s+S1AP-PROTOCOL-IES\s*::=\s*\{(.*?)^\}", text, re.M | re.S):
            self.ie_sets[m.group(1)] = {i: t for i, t in re.findall(r"ID\s+(id-[\w-]+)\s+CRITICALITY\s+\w+\s+TYPE\s+([\w-]+)",
                                                                     m.group(2))}
        self.containers = {}  # message or list type -> IE set name
        for m in re.finditer(r"^([\w-]+)\s*::=\s*SEQUENCE\s*\{\s*protocolIEs\s+ProtocolIE-Container\s*\{\s*\{\s*([\w-]+)\s*\}",
                             text, re.M):
            self.containers[m.group(1)] = m.group(2)
        for m in re.finditer(r"^([\w-]+)\s*::=\s*(?:E-RAB-IE-ContainerList|SEQUENCE\s*\(SIZE\s*\([^)]*\)\)\s*OF\s+"
                             r"ProtocolIE-SingleContainer)\s*\{\s*\{\s*([\w-]+)\s*\}", text, re.M):
            self.containers[m.group(1)] = m.group(2)
        self.sequences = {}  # SEQUENCE type -> {member: type}
        for m in re.finditer(r"^([\w-]+)\s*::=\s*SEQUENCE\s*\{(.*?)^\}", text, re.M | re.S):
            self.sequences[m.group(1)] = dict(re.findall(r"^\s*([a-z][\w-]*)\s+([A-Z][\w-]*)", m.group(2), re.M))
        c = re.search(r"^Cause\s*::=\s*CHOICE\s*\{(.*?)^\}", text, re.M | re.S)
        self.cause = re.findall(r"^\s*([a-z]\w*)\s+\w", c.group(1), re.M) if c else []

    def ies(self, typ):
        """{id value: type} of a message or a list's item container."""
        s = self.ie_sets.get(self.containers.get(typ, ""), {})
        return {self.consts[i]: t for i, t in s.items() if i in self.consts}


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: s1ap_table.py ESMTRACE S1AP_H ASN1")
    tool, header, asn1_path = sys.argv[1:]
    if not os.path.exists(asn1_path):
        print("no %s: skipped" % asn1_path)
        return 77
    a = Asn1(open(asn1_path, encoding="utf-8", errors="replace").read())
    t = json.loads(subprocess.run([tool, "s1ap-table"], check=True, capture_output=True, text=True).stdout)
    fails = []

    def fail(msg):
        fails.append(msg)
        print("FAIL:", msg)

    consts = {norm(k[3:]): v for k, v in a.consts.items()}
    for kind, name, value in re.findall(r"S1AP_(PROC|IE)_(\w+)\s*=\s*(\d+)", open(header).read()):
        if consts.get(norm(name)) != int(value):
            fail("s1ap.h S1AP_%s_%s = %s, the ASN.1 says %r" % (kind, name, value, consts.get(norm(name))))
    for name, value in t["ies"].items():
        if a.consts.get("id-" + name) != value:
            fail("IE %s = %d, the ASN.1 says %r" % (name, value, a.consts.get("id-" + name)))
    if t["cause_groups"] != a.cause[:len(t["cause_groups"])] or len(t["cause_groups"]) != 5:
        fail("cause groups %r, the Cause CHOICE has %r" % (t["cause_groups"], a.cause))

    for m in t["messages"]:
        name = m["name"]
        where = "%s (%d %s)" % (name, m["proc"], m["pdu"])
        if name not in a.procs:
            fail("%s: no elementary procedure has this message" % where)
            continue
        slot, code = a.procs[name]
        if slot != PDU_SLOTS[m["pdu"]] or a.consts.get(code) != m["proc"]:
            fail("%s: the ASN.1 has it as %s of %s = %r" % (where, slot, code, a.consts.get(code)))
        ies = a.ies(name)
        if not ies:
            fail("%s: no IEs found in the ASN.1" % where)
            continue
        in_items = [i for i, typ in ies.items()
                    if any("NAS-PDU" in a.sequences.get(it, {}).values() for it in a.ies(typ).values())]
        has_ie = t["ies"]["NAS-PDU"] in ies
        want = {"ie": (True, False), "items": (False, True), "none": (False, False)}[m["nas"]]
        if (has_ie, bool(in_items)) != want:
            fail("%s: NAS-PDU as an IE %s, in E-RAB items %s; the table says %r" % (where, has_ie, in_items, m["nas"]))
        if m["nas"] != "none":
            expect = "ul" if m["sender"] == "enb" and name != "NASNonDeliveryIndication" else "dl"
            if m["nas_dir"] != expect:
                fail("%s: sent by the %s, NAS %r; expected %r" % (where, m["sender"], m["nas_dir"], expect))
            if not m["event_with_nas"]:
                fail("%s: carries NAS but is no tracker event" % where)
        if m["erab_list"]:
            if a.consts.get("id-" + (m["erab_list_name"] or "")) != m["erab_list"]:
                fail("%s: E-RAB list %s = %d, the ASN.1 says %r" % (where, m["erab_list_name"], m["erab_list"],
                                                                    a.consts.get("id-" + (m["erab_list_name"] or ""))))
            if m["erab_list"] not in ies:
                fail("%s: IE %d is not an IE of this message" % (where, m["erab_list"]))
                continue
            items = a.ies(ies[m["erab_list"]])
            if list(items) != [m["erab_item"]]:
                fail("%s: the items of %s are IEs %r, the table says %d" % (where, m["erab_list_name"], list(items),
                                                                            m["erab_item"]))
            elif "e-RAB-ID" not in a.sequences.get(items[m["erab_item"]], {}):
                fail("%s: the items of %s have no e-RAB-ID" % (where, m["erab_list_name"]))
        elif m["erab_item"] or m["erab_list_name"]:
            fail("%s: an E-RAB item without a list" % where)
    print("%d messages, %d IEs, %d constants of s1ap.h checked against %s: %s" % (
        len(t["messages"]), len(t["ies"]), len(re.findall(r"S1AP_(?:PROC|IE)_\w+\s*=", open(header).read())),
        os.path.basename(asn1_path), "FAILED" if fails else "ok"))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
