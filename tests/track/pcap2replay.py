#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn the S1AP or UE-side NAS of a capture into `esmtrace replay` JSON lines, using tshark.

    pcap2replay.py [--esmtrace PATH] CAPTURE [> events.jsonl]
    esmtrace replay events.jsonl

What each S1AP message means (who sends it, the NAS it carries and in which
direction, the tracker event it becomes, the E-RAB list of that event, the IE
ids) comes from the S1AP table of esmtrace's core, printed by `esmtrace
s1ap-table` (PATH, else $ESMTRACE, else esmtrace on the PATH): the Wireshark
plugin reads S1AP through the same table. This script only knows tshark's
field names.

One line per NAS-PDU (message-level NAS-PDU or E-RAB item nAS-PDU, with its
E-RAB id) and one per S1AP message without NAS that the tracker follows, with
the PLMN of the TAI where the message has one (the serving network, for NAS
security with `esmtrace replay --keys`). UEs are named "s1:ASSOCIATION/MME-UE-S1AP-ID/ENB-UE-S1AP-ID" so the tracker can
follow the S1AP ids; the frame number is the event's frame id. The eNodeB
("enb") is the Global eNB ID the association's S1 SETUP REQUEST announced (its
address and port when the setup is not in the capture): the tracker compares
it to tell an MME relocation whose source and target eNodeB are the same.

UE-side NAS in GSMTAP (a modem's log: "LTE NAS" and "LTE RRC" dedicatedInfoNAS)
becomes events of one UE, "ue-side", with "src" nas-log or rrc and the
direction the source gives (a hint): the GSMTAP uplink flag for the NAS log,
the RRC message's channel (UL-DCCH, DL-DCCH) for RRC. The replay treats them as
UE-side (copies of one message are told apart).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

CAUSE_NAMES = {"radioNetwork": "radio"}  # replay's spelling of the Cause groups


def s1ap_table(esmtrace):
    """The core's S1AP table: {(proc, pdu kind): message}, {IE name: id}, cause groups, pdu kinds."""
    out = subprocess.run([esmtrace, "s1ap-table"], check=True, capture_output=True).stdout
    t = json.loads(out)
    msgs = {(m["proc"], m["pdu"]): m for m in t["messages"]}
    kinds = sorted({m["pdu"] for m in t["messages"]})
    return msgs, t["ies"], t["cause_groups"], kinds


def find_all(o, key, out):
    """Every value of `key` anywhere below o."""
    if isinstance(o, dict):
        for k, v in o.items():
            if k == key:
                out.extend(v if isinstance(v, list) else [v])
            find_all(v, key, out)
    elif isinstance(o, list):
        for x in o:
            find_all(x, key, out)
    return out


def ies(o, out):
    """(id, subtree) of every ProtocolIE-Field below o."""
    if isinstance(o, dict):
        if "s1ap.id" in o and isinstance(o["s1ap.id"], str):
            out.append((int(o["s1ap.id"]), o))
        for v in o.values():
            ies(v, out)
    elif isinstance(o, list):
        for x in o:
            ies(x, out)
    return out


def nas_items(o, out):
    """(E-RAB id, nAS-PDU) of every E-RAB item carrying one."""
    if isinstance(o, dict):
        if "s1ap.nAS_PDU" in o and "s1ap.e_RAB_ID" in o:
            out.append((int(o["s1ap.e_RAB_ID"]), o["s1ap.nAS_PDU"]))
        for v in o.values():
            nas_items(v, out)
    elif isinstance(o, list):
        for x in o:
            nas_items(x, out)
    return out


def as_int(text):
    return int(text.replace(":", ""), 16) if ":" in text else int(text)


def plmn_digits(octets):
    """PLMN identity (24.008 10.5.1.3, "09:f1:07") as MCC and MNC digits ("90170")."""
    b = bytes.fromhex(octets.replace(":", ""))
    if len(b) != 3:
        return None
    d = [b[0] & 15, b[0] >> 4, b[1] & 15, b[2] & 15, b[2] >> 4, b[1] >> 4]
    return "".join(str(x) for x in d[:5 if d[5] == 15 else 6] if x <= 9) or None


def first(o, key):
    vals = find_all(o, key, [])
    return vals[0] if vals else None


def ue_side(capture):
    """The UE-side NAS events of a capture (GSMTAP over UDP), in frame order."""
    raw = subprocess.run(["tshark", "-r", capture, "-Y", "gsmtap.type == 18 || lte-rrc.dedicatedInfoNAS || lte-rrc.DedicatedInfoNAS",
                          "-T", "json", "--no-duplicate-keys", "-x", "-J", "frame gsmtap lte_rrc"],
                         check=True, capture_output=True).stdout
    out = []
    for pkt in json.loads(raw or b"[]"):
        layers = pkt["_source"]["layers"]
        frame = int(layers["frame"]["frame.number"])
        time = float(layers["frame"]["frame.time_relative"])
        g = layers.get("gsmtap") or {}
        g = g[0] if isinstance(g, list) else g
        base = {"time": time, "frame": frame, "ue": "ue-side"}
        if g.get("gsmtap.type") == "18":
            # the NAS message is the rest of the frame after the GSMTAP header
            raw_frame, hdr = layers["frame_raw"][0], layers["gsmtap_raw"]
            flag = int(g.get("gsmtap.uplink", "0"))
            out.append(dict(base, src="nas-log", dir="ul" if flag else "dl",
                            nas=raw_frame[2 * (hdr[1] + hdr[2]):]))
            continue
        rrc = layers.get("lte_rrc") or {}
        ul = first(rrc, "lte-rrc.UL_DCCH_Message_element") is not None
        dl = first(rrc, "lte-rrc.DL_DCCH_Message_element") is not None
        # a single dedicatedInfoNAS, or the items of dedicatedInfoNASList (RRCConnectionReconfiguration)
        for hexstr in find_all(rrc, "lte-rrc.dedicatedInfoNAS", []) + find_all(rrc, "lte-rrc.DedicatedInfoNAS", []):
            out.append(dict(base, src="rrc", dir="ul" if ul and not dl else "dl" if dl and not ul else "-",
                            nas=hexstr.replace(":", "")))
    return out


def main():
    ap = argparse.ArgumentParser(description="S1AP of a capture -> esmtrace replay JSON lines")
    ap.add_argument("--esmtrace", default=os.environ.get("ESMTRACE") or shutil.which("esmtrace"),
                    help="the esmtrace tool (its S1AP table); default $ESMTRACE, else esmtrace on the PATH")
    ap.add_argument("capture")
    args = ap.parse_args()
    if not args.esmtrace:
        sys.exit("pcap2replay.py: esmtrace not found: give --esmtrace BUILD/common/esmtrace")
    for line in ue_side(args.capture):
        print(json.dumps(line))
    msgs, ie, cause_groups, kinds = s1ap_table(args.esmtrace)
    raw = subprocess.run(["tshark", "-r", args.capture, "-Y", "s1ap", "-T", "json", "--no-duplicate-keys",
                          "-J", "frame ip ipv6 sctp s1ap"], check=True, capture_output=True).stdout
    enb_of = {}  # association -> Global eNB ID from its S1 SETUP REQUEST
    for pkt in json.loads(raw or b"[]"):
        layers = pkt["_source"]["layers"]
        frame = int(layers["frame"]["frame.number"])
        time = float(layers["frame"]["frame.time_relative"])
        ip = layers.get("ip") or layers.get("ipv6") or {}
        ip = ip[0] if isinstance(ip, list) else ip
        src = ip.get("ip.src") or ip.get("ipv6.src") or "?"
        dst = ip.get("ip.dst") or ip.get("ipv6.dst") or "?"
        sctp = layers.get("sctp") or {}
        sctp = sctp[0] if isinstance(sctp, list) else sctp
        src += ":" + str(sctp.get("sctp.srcport", ""))
        dst += ":" + str(sctp.get("sctp.dstport", ""))
        pdus = layers.get("s1ap")
        pdus = pdus if isinstance(pdus, list) else [pdus]
        for pdu in pdus:
            kind = None
            for name in kinds:
                if first(pdu, "s1ap." + name + "_element") is not None:
                    kind = name
            code = first(pdu, "s1ap.procedureCode")
            m = msgs.get((int(code), kind)) if code is not None and kind else None
            if m is None:
                continue  # a message esmtrace does not read
            enb_side = src if m["sender"] == "enb" else dst
            mme_side = dst if enb_side == src else src
            assoc = mme_side + "-" + enb_side
            enb_name = enb_of.get((enb_side, mme_side), enb_side)
            mme = enb = source = stmsi = gid = plmn = None
            nas, erabs, cause = [], [], None
            for ie_id, sub in ies(pdu, []):
                if ie_id in (ie["MME-UE-S1AP-ID"], ie["UE-S1AP-IDs"]):
                    mme = mme if mme is not None else first(sub, "s1ap.MME_UE_S1AP_ID")
                if ie_id in (ie["eNB-UE-S1AP-ID"], ie["UE-S1AP-IDs"]):
                    enb = enb if enb is not None else first(sub, "s1ap.ENB_UE_S1AP_ID")
                if ie_id == ie["SourceMME-UE-S1AP-ID"]:
                    source = first(sub, "s1ap.MME_UE_S1AP_ID")
                if ie_id == ie["S-TMSI"]:
                    # tshark 4.0 shows these OCTET STRINGs as integers (hex bytes when
                    # they contain ':'); 3gpp.tmsi beside them is not the M-TMSI
                    mmec, tmsi = first(sub, "s1ap.mMEC"), first(sub, "s1ap.m_TMSI")
                    if mmec is not None and tmsi is not None:
                        stmsi = "%02x:%08x" % (as_int(mmec), as_int(tmsi))
                if ie_id == ie["TAI"]:  # its PLMN is the serving network (KASME's SN id)
                    v = first(sub, "s1ap.pLMNidentity")
                    plmn = plmn_digits(v) if isinstance(v, str) and ":" in v else None
                if ie_id == ie["Global-ENB-ID"]:  # the eNodeB names itself (S1 SETUP REQUEST)
                    gid = first(sub, "s1ap.macroENB_ID") or first(sub, "s1ap.homeENB_ID")
                if ie_id == ie["NAS-PDU"]:
                    nas.append((-1, first(sub, "s1ap.NAS_PDU")))
                if ie_id == ie["Cause"]:
                    for g in cause_groups:
                        v = first(sub, "s1ap." + g)
                        if v is not None:
                            cause = "%s:%s" % (CAUSE_NAMES.get(g, g), v)
                            break
                if m["erab_item"] and ie_id == m["erab_item"]:  # one item of the event's E-RAB list
                    erabs += [int(e) for e in find_all(sub, "s1ap.e_RAB_ID", [])]
            if gid is not None:
                enb_of[(src, dst)] = "enb-" + gid
            nas += nas_items(pdu, [])
            key = "s1:%s/%s/%s" % (assoc, mme if mme is not None else "-", enb if enb is not None else "-")
            if source is not None:
                key += "/" + source
            base = {"time": time, "frame": frame, "ue": key, "enb": enb_name}
            if cause:
                base["cause"] = cause
            if stmsi:
                base["stmsi"] = stmsi
            if plmn:
                base["plmn"] = plmn
            if nas and m["event_with_nas"]:
                for erab, hexstr in nas:
                    line = dict(base, dir=m["nas_dir"], nas=hexstr, s1ap=m["name"])
                    if erab >= 0:
                        line["erabs"] = [erab]
                    print(json.dumps(line))
            elif not nas and m["event"]:
                line = dict(base, s1ap=m["name"])
                if erabs:
                    line["erabs"] = sorted(set(erabs))
                print(json.dumps(line))


if __name__ == "__main__":
    main()
