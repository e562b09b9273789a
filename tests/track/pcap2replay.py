#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn the S1AP of a capture into `esmtrace replay` JSON lines, using tshark.

    pcap2replay.py CAPTURE [> events.jsonl]
    esmtrace replay events.jsonl

One line per NAS-PDU (message-level NAS-PDU or E-RAB item nAS-PDU, with its
E-RAB id) and one per S1AP event the tracker follows (UE context release,
initial context setup request without NAS / failure, E-RAB release
indication, handover and path switch messages), with the PLMN of the
TAI where the message has one (the serving network, for NAS security with
`esmtrace replay --keys`). UEs are named
"s1:ASSOCIATION/MME-UE-S1AP-ID/ENB-UE-S1AP-ID" so the tracker can follow the
S1AP ids; the frame number is the event's frame id. The eNodeB ("enb") is
the Global eNB ID the association's S1 SETUP REQUEST announced (its address
and port when the setup is not in the capture): the tracker compares it to
tell an MME relocation whose source and target eNodeB are the same.
"""
import json
import subprocess
import sys

# procedureCode -> (initiating, successful, unsuccessful) event names; None = not followed
EVENTS = {
    0: ("HandoverRequired", "HandoverCommand", None),
    1: ("HandoverRequest", "HandoverRequestAcknowledge", None),
    2: ("HandoverNotify", None, None),
    3: ("PathSwitchRequest", "PathSwitchRequestAcknowledge", None),
    8: ("E-RABReleaseIndication", None, None),
    9: ("InitialContextSetupRequest", None, "InitialContextSetupFailure"),
    16: ("NASNonDeliveryIndication", None, None),
    18: ("UEContextReleaseRequest", None, None),
    23: ("UEContextReleaseCommand", "UEContextReleaseComplete", None),
}
# messages sent by the eNodeB (the others come from the MME)
FROM_ENB = {(0, 0), (1, 1), (2, 0), (3, 0), (8, 0), (9, 1), (9, 2), (12, 0), (13, 0), (16, 0),
            (18, 0), (23, 1), (5, 1), (6, 1), (7, 1)}
CAUSE_GROUPS = ["radioNetwork", "transport", "nas", "protocol", "misc"]
# E-RAB lists that matter per message (36.413 IE ids): released or set up
ERAB_LISTS = {(0, 1): {13},            # HandoverCommand: E-RABtoReleaseListHOCmd
              (1, 0): {53},            # HandoverRequest: E-RABToBeSetupListHOReq
              (1, 1): {18},            # HandoverRequestAcknowledge: E-RABAdmittedList
              (3, 0): {22},            # PathSwitchRequest: E-RABToBeSwitchedDLList
              (3, 1): {33},            # PathSwitchRequestAcknowledge: E-RABToBeReleasedList
              (8, 0): {110},           # E-RABReleaseIndication: E-RABReleasedList
              (9, 0): {24}}            # InitialContextSetupRequest: E-RABToBeSetupListCtxtSUReq
CAUSE_NAMES = {"radioNetwork": "radio"}


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


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pcap2replay.py CAPTURE")
    raw = subprocess.run(["tshark", "-r", sys.argv[1], "-Y", "s1ap", "-T", "json", "--no-duplicate-keys",
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
            for i, name in enumerate(("initiatingMessage", "successfulOutcome", "unsuccessfulOutcome")):
                if first(pdu, "s1ap." + name + "_element") is not None:
                    kind = i
            code = first(pdu, "s1ap.procedureCode")
            if kind is None or code is None:
                continue
            code = int(code)
            if code == 17 and kind == 0:  # S1 SETUP REQUEST: the eNodeB names itself
                gid = first(pdu, "s1ap.macroENB_ID") or first(pdu, "s1ap.homeENB_ID")
                if gid is not None:
                    enb_of[(src, dst)] = "enb-" + gid
                continue
            enb_side = src if (code, kind) in FROM_ENB else dst
            mme_side = dst if enb_side == src else src
            assoc = mme_side + "-" + enb_side
            enb_name = enb_of.get((enb_side, mme_side), enb_side)
            mme = enb = source = stmsi = plmn = None
            nas, erabs, cause = [], [], None
            for ie_id, sub in ies(pdu, []):
                if ie_id in (0, 99):
                    mme = mme if mme is not None else first(sub, "s1ap.MME_UE_S1AP_ID")
                if ie_id in (8, 99):
                    enb = enb if enb is not None else first(sub, "s1ap.ENB_UE_S1AP_ID")
                if ie_id == 88:
                    source = first(sub, "s1ap.MME_UE_S1AP_ID")
                if ie_id == 96:  # S-TMSI of an InitialUEMessage
                    # tshark 4.0 shows these OCTET STRINGs as integers (hex bytes when
                    # they contain ':'); 3gpp.tmsi beside them is not the M-TMSI
                    mmec, tmsi = first(sub, "s1ap.mMEC"), first(sub, "s1ap.m_TMSI")
                    if mmec is not None and tmsi is not None:
                        stmsi = "%02x:%08x" % (as_int(mmec), as_int(tmsi))
                if ie_id == 67:  # TAI: its PLMN is the serving network (KASME's SN id)
                    v = first(sub, "s1ap.pLMNidentity")
                    plmn = plmn_digits(v) if isinstance(v, str) and ":" in v else None
                if ie_id == 26:
                    nas.append((-1, first(sub, "s1ap.NAS_PDU")))
                if ie_id == 2:
                    for g in CAUSE_GROUPS:
                        v = first(sub, "s1ap." + g)
                        if v is not None:
                            cause = "%s:%s" % (CAUSE_NAMES.get(g, g), v)
                            break
                if ie_id in ERAB_LISTS.get((code, kind), ()):
                    erabs += [int(e) for e in find_all(sub, "s1ap.e_RAB_ID", [])]
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
            event = EVENTS.get(code, (None, None, None))[kind]
            if code == 16 and nas:
                print(json.dumps(dict(base, s1ap="NASNonDeliveryIndication", nas=nas[0][1], dir="dl")))
                continue
            for erab, hexstr in nas:
                line = dict(base, dir="ul" if (code, kind) in FROM_ENB else "dl", nas=hexstr, s1ap=code)
                if erab >= 0:
                    line["erabs"] = [erab]
                print(json.dumps(line))
            if event and not nas:
                line = dict(base, s1ap=event)
                if erabs:
                    line["erabs"] = sorted(set(erabs))
                print(json.dumps(line))


if __name__ == "__main__":
    main()
