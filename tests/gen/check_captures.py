#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the scenario corpus (pcaps/*.scn) and esmgen's output.

--identical   regenerating each scenario gives the committed pcaps/NN-*.pcapng byte for byte
--tshark T    tshark (4.0, 4.4 or 4.6: the independent oracle) dissects every generated capture:
              no malformed frame, no error-level or malformed-group expert info, correct SCTP
              CRC32c, and the S1AP and NAS fields it reads (procedure codes, UE ids, E-RAB ids,
              NAS message types, EBI, PTI, ESM/EMM causes) equal what the scenario says
              (esmgen --expect gives the scenario's values per frame); on UE-side frames the
              GSMTAP type and uplink flag, and the NAS inside the NAS log or the LTE RRC message.
--scale U,F   the same tshark checks on a scale-mode capture of U UEs and F frames.
--scale-cipher U,F  the scale mode with --cipher 1, 2 and 3 (a key chain per UE, every NAS
              message after the set-up integrity protected and ciphered): the tshark checks
              (ciphered frames read with null_decipher off), and with its key file
              `esmtrace replay --keys` (--esmtrace) finds every MAC ok and deciphers every
              ciphered message, and with one wrong digit in every K no MAC verifies.
--vectors     esmgen reproduces, octet for octet, the S1AP PDUs verified with tshark in
              shared/reference/wireshark-plugin-notes.md section 4 (written independently).
--errors      bad scenario files are refused with "file:line: reason", exit status 1, and no
              capture left behind.

Frames whose NAS is deliberately broken (hex=, append=, truncate=) are exempt from the
malformed checks and from the NAS field comparison. Plain ESM messages are read with
nas-eps.dissect_plain (tshark 4.0 misreads them otherwise, see
shared/reference/wireshark-plugin-notes.md section 4); really ciphered ones (sec=enc, enc-new,
and a subscriber's EEA1-3, FORMAT.md 5.1: only their security header type, 2 or 4, is compared)
with nas-eps.null_decipher off, as their ciphering is not EEA0: tshark 4.6 reads the inner octets
of every ciphered message as plain NAS when null_decipher is on (the default), and real
ciphertext then gives the error "Not a NAS EPS PD" (4.0 and 4.4 looked at the first inner
octet first); everything else with tshark's defaults.
"""
import argparse
import filecmp
import glob
import json
import os
import subprocess
import sys

FIELDS = [
    "frame.number", "sctp.checksum.status", "_ws.malformed", "_ws.expert.severity", "_ws.expert.group",
    "_ws.expert.message", "s1ap.procedureCode", "s1ap.MME_UE_S1AP_ID", "s1ap.ENB_UE_S1AP_ID",
    "s1ap.e_RAB_ID", "nas_eps.nas_msg_esm_type", "nas_eps.nas_msg_emm_type", "nas_eps.bearer_id",
    "nas_eps.esm.proc_trans_id", "nas_eps.esm.cause", "nas_eps.emm.cause", "nas_eps.security_header_type",
    "gsmtap.type", "gsmtap.uplink", "frame.protocols",
]
PI_ERROR = 0x00800000      # expert severity "error"
PI_MALFORMED = 0x07000000  # expert group "malformed"

ESM_TYPES = {
    "ACTIVATE_DEDICATED_EPS_BEARER_CONTEXT_ACCEPT": 0xC6, "ACTIVATE_DEDICATED_EPS_BEARER_CONTEXT_REJECT": 0xC7,
    "ACTIVATE_DEDICATED_EPS_BEARER_CONTEXT_REQUEST": 0xC5, "ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_ACCEPT": 0xC2,
    "ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REJECT": 0xC3, "ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST": 0xC1,
    "BEARER_RESOURCE_ALLOCATION_REJECT": 0xD5, "BEARER_RESOURCE_ALLOCATION_REQUEST": 0xD4,
    "BEARER_RESOURCE_MODIFICATION_REJECT": 0xD7, "BEARER_RESOURCE_MODIFICATION_REQUEST": 0xD6,
    "DEACTIVATE_EPS_BEARER_CONTEXT_ACCEPT": 0xCE, "DEACTIVATE_EPS_BEARER_CONTEXT_REQUEST": 0xCD,
    "ESM_DUMMY_MESSAGE": 0xDC, "ESM_INFORMATION_REQUEST": 0xD9, "ESM_INFORMATION_RESPONSE": 0xDA,
    "ESM_STATUS": 0xE8, "MODIFY_EPS_BEARER_CONTEXT_ACCEPT": 0xCA, "MODIFY_EPS_BEARER_CONTEXT_REJECT": 0xCB,
    "MODIFY_EPS_BEARER_CONTEXT_REQUEST": 0xC9, "NOTIFICATION": 0xDB, "PDN_CONNECTIVITY_REJECT": 0xD1,
    "PDN_CONNECTIVITY_REQUEST": 0xD0, "PDN_DISCONNECT_REJECT": 0xD3, "PDN_DISCONNECT_REQUEST": 0xD2,
    "REMOTE_UE_REPORT": 0xE9, "REMOTE_UE_REPORT_RESPONSE": 0xEA, "ESM_DATA_TRANSPORT": 0xEB,
}  # TS 24.301 table 9.8.2, written out here independently of the encoder
EMM_TYPES = {
    "ATTACH_REQUEST": 0x41, "ATTACH_ACCEPT": 0x42, "ATTACH_COMPLETE": 0x43, "ATTACH_REJECT": 0x44,
    "DETACH_REQUEST": 0x45, "DETACH_ACCEPT": 0x46, "TRACKING_AREA_UPDATE_REQUEST": 0x48,
    "TRACKING_AREA_UPDATE_ACCEPT": 0x49, "TRACKING_AREA_UPDATE_COMPLETE": 0x4A,
    "AUTHENTICATION_REQUEST": 0x52, "AUTHENTICATION_RESPONSE": 0x53, "AUTHENTICATION_REJECT": 0x54,
    "AUTHENTICATION_FAILURE": 0x5C, "IDENTITY_REQUEST": 0x55, "IDENTITY_RESPONSE": 0x56,
    "SECURITY_MODE_COMMAND": 0x5D, "SECURITY_MODE_COMPLETE": 0x5E, "SECURITY_MODE_REJECT": 0x5F,
}  # TS 24.301 table 9.8.1


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd), r.stderr))
    return r.stdout


def tshark_frames(tshark, pcap, plain, null_decipher=True):
    # The oracle is stock tshark: the project's own plugin, if installed, is switched off.
    cmd = [tshark, "-n", "-r", pcap, "--disable-protocol", "esm", "-o", "sctp.checksum:CRC 32c", "-o",
           "nas-eps.dissect_plain:%s" % ("TRUE" if plain else "FALSE"),
           "-o", "nas-eps.null_decipher:%s" % ("TRUE" if null_decipher else "FALSE"),
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t"]
    for f in FIELDS:
        cmd += ["-e", f]
    env = dict(os.environ, HOME=os.environ.get("TMPDIR", "/tmp"))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("tshark failed on %s: %s" % (pcap, r.stderr))
    frames = {}
    for line in r.stdout.splitlines():
        cols = line.split("\t")
        cols += [""] * (len(FIELDS) - len(cols))
        row = {}
        for name, val in zip(FIELDS, cols):
            row[name] = [v for v in val.split("|") if v != ""]
        frames[int(row["frame.number"][0])] = row
    return frames


def ints(vals):
    return [int(v, 0) for v in vals]


def check_capture(tshark, pcap, records, name):
    """Returns a list of problems (empty when the capture is right)."""
    problems = []
    normal = tshark_frames(tshark, pcap, False)
    plain = tshark_frames(tshark, pcap, True)
    ciphered = tshark_frames(tshark, pcap, False, null_decipher=False)
    by_frame = {}
    for r in records:
        if "frame" in r:
            by_frame.setdefault(r["frame"], []).append(r)
    if sorted(by_frame) != sorted(normal):
        problems.append("%s: frames %s in tshark, %s in the scenario" % (name, len(normal), len(by_frame)))
        return problems
    for fno, recs in sorted(by_frame.items()):
        nas = [r for r in recs if r["nas"]]
        plain_esm = any(r["sec"] == "plain" and r.get("esm") == r["nas"] for r in nas)
        enc = any(r["sec"] in ("enc", "enc-new") for r in nas)
        if enc and any(r["sec"] == "eea0" for r in nas):
            problems.append("%s: EEA0 and real ciphering in one frame: no tshark setting reads both" % name)
        row = plain[fno] if plain_esm else ciphered[fno] if enc else normal[fno]
        where = "%s frame %d (line %d)" % (name, fno, recs[0]["line"])
        crafted = any(r["crafted"] for r in nas)

        ue_side = [r for r in recs if r.get("carrier")]
        if ue_side:
            # GSMTAP (UE side): the carrier (type 18 NAS log, type 13 LTE RRC) and the uplink
            # flag as written, right or wrong on purpose; tshark must find the NAS inside
            r = ue_side[0]
            want_type = "18" if r["carrier"] == "nas-log" else "13"
            if row["gsmtap.type"] != [want_type]:
                problems.append("%s: GSMTAP type %s, scenario %s" % (where, row["gsmtap.type"], want_type))
            if ints(row["gsmtap.uplink"]) != [1 if r["flag"] == "ul" else 0]:
                problems.append("%s: GSMTAP uplink flag %s, scenario %s" % (where, row["gsmtap.uplink"], r["flag"]))
            protos = (row["frame.protocols"] or [""])[0].split(":")
            if "nas-eps" not in protos or (r["carrier"] == "rrc") != ("lte_rrc" in protos):
                problems.append("%s: protocols %s" % (where, protos))
        elif row["sctp.checksum.status"] != ["1"]:
            problems.append("%s: SCTP checksum not good" % where)
        if not crafted:
            if row["_ws.malformed"]:
                problems.append("%s: malformed" % where)
            for sev, grp, msg in zip(ints(row["_ws.expert.severity"]), ints(row["_ws.expert.group"]),
                                     row["_ws.expert.message"]):
                if sev >= PI_ERROR or grp == PI_MALFORMED:
                    problems.append("%s: expert info '%s'" % (where, msg))

        # S1AP: one procedure code per message of the frame, in order.
        msgs = []
        for r in ([] if ue_side else recs):
            if not msgs or msgs[-1]["msg"] != r["msg"]:
                msgs.append(r)
        want = [m["procedure_code"] for m in msgs]
        if ints(row["s1ap.procedureCode"]) != want:
            problems.append("%s: procedureCode %s, scenario %s" % (where, row["s1ap.procedureCode"], want))
        got_mme = set(ints(row["s1ap.MME_UE_S1AP_ID"]))
        got_enb = set(ints(row["s1ap.ENB_UE_S1AP_ID"]))
        want_mme = {m["mme_ue_id"] for m in msgs if m["mme_ue_id"] is not None}
        want_enb = {m["enb_ue_id"] for m in msgs if m["enb_ue_id"] is not None}
        if got_mme != want_mme:
            problems.append("%s: MME-UE-S1AP-ID %s, scenario %s" % (where, sorted(got_mme), sorted(want_mme)))
        if got_enb != want_enb:
            problems.append("%s: eNB-UE-S1AP-ID %s, scenario %s" % (where, sorted(got_enb), sorted(want_enb)))
        want_erabs = sorted(e for m in msgs for e in m["erabs"])
        if sorted(ints(row["s1ap.e_RAB_ID"])) != want_erabs:
            problems.append("%s: E-RAB ids %s, scenario %s" % (where, row["s1ap.e_RAB_ID"], want_erabs))

        for r in nas:
            want_type = {"enc": 2, "enc-new": 4}.get(r["sec"])
            if want_type and ints(row["nas_eps.security_header_type"])[:1] != [want_type]:
                problems.append("%s: ciphered NAS not shown as security header type %d" % (where, want_type))
        # NAS, where readable: ESM types, EBI, PTI, causes; EMM types.
        if crafted:
            continue
        readable = [r for r in nas if r["sec"] not in ("enc", "enc-new")]
        want_esm = [ESM_TYPES[r["esm"]] for r in readable if r.get("esm")]
        want_emm = [EMM_TYPES[r["nas"]] for r in readable if r["nas"] in EMM_TYPES]
        if ints(row["nas_eps.nas_msg_esm_type"]) != want_esm:
            problems.append("%s: ESM types %s, scenario %s" % (where, row["nas_eps.nas_msg_esm_type"],
                                                               [hex(t) for t in want_esm]))
        if ints(row["nas_eps.nas_msg_emm_type"]) != want_emm:
            problems.append("%s: EMM types %s, scenario %s" % (where, row["nas_eps.nas_msg_emm_type"],
                                                               [hex(t) for t in want_emm]))
        want_ebi = [r["ebi"] for r in readable if r.get("esm")]
        want_pti = [r["pti"] for r in readable if r.get("esm")]
        # nas_eps.bearer_id also appears outside the ESM header (e.g. linked EBI), so compare
        # the ESM header values as the first occurrences per message only when counts match.
        got_ebi = ints(row["nas_eps.bearer_id"])
        if want_ebi and got_ebi[:len(want_ebi)] != want_ebi and sorted(set(got_ebi)) != sorted(set(want_ebi)):
            problems.append("%s: EBI %s, scenario %s" % (where, got_ebi, want_ebi))
        if ints(row["nas_eps.esm.proc_trans_id"]) != want_pti:
            problems.append("%s: PTI %s, scenario %s" % (where, row["nas_eps.esm.proc_trans_id"], want_pti))
        want_cause = [r["esm_cause"] for r in readable if "esm_cause" in r]
        if ints(row["nas_eps.esm.cause"]) != want_cause:
            problems.append("%s: ESM cause %s, scenario %s" % (where, row["nas_eps.esm.cause"], want_cause))
        want_emm_cause = [r["emm_cause"] for r in readable if "emm_cause" in r]
        if ints(row["nas_eps.emm.cause"]) != want_emm_cause:
            problems.append("%s: EMM cause %s, scenario %s" % (where, row["nas_eps.emm.cause"], want_emm_cause))
    return problems


HEAD = "enb e1 ip=10.1.0.1\nmme m1 ip=10.0.0.1\n"
BAD = [  # (scenario text, the line and words the diagnostic must name)
    (HEAD + "1 e1-m1 DownlinkNASTransport ue=1/1 ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST ebi=5 apn=x\n",
     ":3: ", "PDN address"),
    (HEAD + "1 e1-m1 DownlinkNASTransport ue=1/1 ESM_INFORMATION_REQUEST pti=1 colour=red\n", ":3: ", "colour"),
    (HEAD + "1 e1-m1 DownlinkNASTransport ue=1/1 ESM_INFORMATION_REQUEST pti=1\nexpect proc=esm-info\n",
     ":4: ", "esm-info"),
    (HEAD + "1 e1-m1 DownlinkNASTransport ue=1/1 ESM_INFORMATION_REQUEST pti=1\nexpect resp-to=@none\n",
     ":4: ", "@none"),
    (HEAD + "2 e1-m1 UplinkNASTransport ue=1/1 ESM_STATUS cause=97\n1 e1-m1 UplinkNASTransport ue=1/1 ESM_STATUS cause=97\n",
     ":4: ", "backwards"),
    (HEAD + "1 e1-m2 S1SetupRequest\n", ":3: ", "e1-m2"),
    (HEAD + "1 e1-m1 E-RABSetupRequest ue=1/1\n", ":3: ", "NAS"),
    (HEAD + "1 e1-m1 DownlinkNASTransport ue=1/1 MODIFY_EPS_BEARER_CONTEXT_REQUEST ebi=5 hex=5200c9f\n", ":3: ", "hex"),
    (HEAD + "repeat n=1..3\n{n} e1-m1 UplinkNASTransport ue={n/0}/1 ESM_STATUS cause=97\nend\n", ":4: ", "zero"),
    (HEAD + "1 e1-m1 UplinkNASTransport ue=1/1 ESM_STATUS cause=97\nexpect mme=ACTIVE>ACTIVATED\n", ":4: ", "ACTIVATED"),
]


# shared/reference/wireshark-plugin-notes.md section 4, "Exact PDUs": the same messages as
# scenario lines, and the S1AP PDUs that reference gives for them.
VECTOR_SCN = """enb e1 ip=10.0.0.1 plmn=00101 tac=1 cell=0x1234567
mme m1 ip=10.0.0.2
1 e1-m1 DownlinkNASTransport ue=100/1 ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST ebi=5 pti=1 qci=9 \
  apn=internet pdn=ipv4:10.0.0.2 pco=dns4:8.8.8.8 sec=plain
2 e1-m1 DownlinkNASTransport ue=100/1 ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST ebi=5 pti=1 qci=9 \
  apn=internet pdn=ipv4:10.0.0.2 pco=dns4:8.8.8.8 epco=dns4:8.8.4.4 sec=int mac=11223344 sqn=1
3 e1-m1 UplinkNASTransport ue=100/1 ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_ACCEPT ebi=5 pti=1 sec=plain
4 e1-m1 UplinkNASTransport ue=100/1 ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_ACCEPT ebi=5 pti=1 sec=int mac=11223344 sqn=1
"""
VECTORS = [
    "000b4033000003000000020064000800020001001a00201f5201c101090908696e7465726e657405010a000002"
    "270880000d0408080808",
    "000b4044000003000000020064000800020001001a0031301711223344015201c101090908696e7465726e6574"
    "05010a000002270880000d04080808087b000880000d0408080404",
    "000d402d000005000000020064000800020001001a0004035201c2006440080000f11012345670004340060000"
    "f1100001",
    "000d4033000005000000020064000800020001001a000a091711223344015201c2006440080000f11012345670"
    "004340060000f1100001",
]


def s1ap_payloads(pcap):
    """The S1AP PDUs of a pcapng written by esmgen (Ethernet, IPv4 without options, SCTP)."""
    import struct
    data, out, pos = open(pcap, "rb").read(), [], 0
    while pos + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, pos)
        if btype == 6:
            caplen = struct.unpack_from("<I", data, pos + 20)[0]
            pkt = data[pos + 28:pos + 28 + caplen]
            c = 14 + 20 + 12
            while c + 16 <= len(pkt):
                clen = struct.unpack_from(">H", pkt, c + 2)[0]
                out.append(pkt[c + 16:c + clen].hex())
                c += (clen + 3) & ~3
        pos += blen
    return out


def check_vectors(esmgen, work):
    scn, pcap = os.path.join(work, "vectors.scn"), os.path.join(work, "vectors.pcapng")
    with open(scn, "w") as f:
        f.write(VECTOR_SCN)
    run([esmgen, "-o", pcap, scn])
    got = s1ap_payloads(pcap)
    problems = []
    if len(got) != len(VECTORS):
        return ["vectors: %d PDUs, expected %d" % (len(got), len(VECTORS))]
    for i, (g, w) in enumerate(zip(got, VECTORS)):
        if g != w:
            problems.append("vector %d:\n  esmgen    %s\n  reference %s" % (i + 1, g, w))
    return problems


def check_errors(esmgen, work):
    problems = []
    scn, out = os.path.join(work, "bad.scn"), os.path.join(work, "bad.pcapng")
    for text, where, word in BAD:
        with open(scn, "w") as f:
            f.write(text)
        r = subprocess.run([esmgen, "-o", out, scn], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        msg = r.stderr.strip()
        if r.returncode != 1 or where not in msg or word not in msg or os.path.exists(out):
            problems.append("bad scenario %r: exit %d, %r" % (text.splitlines()[-1], r.returncode, msg))
    return problems


def replay_integrity(a, pcap, keys):
    """Counter of (integrity, deciphered) over replay --keys's annotations."""
    events = pcap + ".jsonl"
    with open(events, "w") as f:
        f.write(run([sys.executable, os.path.join(os.path.dirname(__file__), "..", "track", "pcap2replay.py"),
                     "--esmtrace", a.esmtrace, pcap]))
    r = subprocess.run([a.esmtrace, "replay", "--keys", keys, "--json", "--annotations", events],
                       stdout=subprocess.PIPE, text=True)
    seen = {}
    for line in r.stdout.splitlines():
        d = json.loads(line)
        if d.get("type") == "annotation" and "integrity" in d:
            k = (d["integrity"], bool(d.get("deciphered")))
            seen[k] = seen.get(k, 0) + 1
    return seen


def check_scale_cipher(a, ues, frames, alg):
    out = os.path.join(a.work, "scale-eea%d.pcapng" % alg)
    keys = os.path.join(a.work, "scale-eea%d.keys" % alg)
    run([a.esmgen, "--scale", "--ues", ues, "--frames", frames, "--enbs", "4", "--cipher", str(alg),
         "--keys", keys, "-o", out])
    problems = []
    rows = tshark_frames(a.tshark, out, False, null_decipher=False)
    for fno, row in rows.items():
        if row["_ws.malformed"] or any(int(x) >= PI_ERROR for x in row["_ws.expert.severity"]) \
                or row["sctp.checksum.status"] != ["1"] or not row["s1ap.procedureCode"]:
            problems.append("scale EEA%d frame %d: %s" % (alg, fno, row["_ws.expert.message"] or "bad"))
    if len(rows) != int(frames):
        problems.append("scale EEA%d: %d frames, asked %s" % (alg, len(rows), frames))
    if a.esmtrace:
        seen = good = replay_integrity(a, out, keys)
        # the SECURITY MODE COMMANDs (type 3) are the only protected messages not ciphered
        if set(seen) != {("ok", True), ("ok", False)} or seen[("ok", True)] < 4 * seen[("ok", False)]:
            problems.append("scale EEA%d with its keys: %s" % (alg, seen))
        bad = keys + ".bad"
        with open(keys) as f, open(bad, "w") as g:
            for line in f:
                if line.startswith('"'):
                    imsi, k, opc = line.strip().split(",")
                    line = "%s,%s%x\",%s\n" % (imsi, k[:-2], int(k[-2], 16) ^ 1, opc)
                g.write(line)
        seen = replay_integrity(a, out, bad)
        if set(seen) != {("failed", False)}:
            problems.append("scale EEA%d with one wrong digit per K: %s" % (alg, seen))
        print("scale EEA%d: %d frames; (integrity, deciphered): with the keys %s, one digit wrong %s"
              % (alg, len(rows), good, seen))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--esmgen", required=True)
    ap.add_argument("--pcaps", help="folder with the scenarios (*.scn) and committed captures")
    ap.add_argument("--work", required=True)
    ap.add_argument("--identical", action="store_true")
    ap.add_argument("--tshark")
    ap.add_argument("--scale")
    ap.add_argument("--scale-cipher")
    ap.add_argument("--esmtrace")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--vectors", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    problems, checked = [], 0

    if a.vectors:
        problems += check_vectors(a.esmgen, a.work)
        checked += len(VECTORS)
    if a.errors:
        problems += check_errors(a.esmgen, a.work)
        checked += len(BAD)

    if a.scale:
        ues, frames = a.scale.split(",")
        out = os.path.join(a.work, "scale.pcapng")
        run([a.esmgen, "--scale", "--ues", ues, "--frames", frames, "--enbs", "4", "-o", out])
        for fno, row in tshark_frames(a.tshark, out, False).items():
            bad = row["_ws.malformed"] or any(int(s) >= PI_ERROR for s in row["_ws.expert.severity"]) \
                or any(int(g) == PI_MALFORMED for g in row["_ws.expert.group"]) \
                or row["sctp.checksum.status"] != ["1"] or not row["s1ap.procedureCode"]
            if bad:
                problems.append("scale frame %d: %s" % (fno, row["_ws.expert.message"] or "bad"))
            checked += 1
        n = len(tshark_frames(a.tshark, out, False))
        if n != int(frames):
            problems.append("scale: %d frames, asked %s" % (n, frames))

    if a.scale_cipher:
        ues, frames = a.scale_cipher.split(",")
        for alg in (1, 2, 3):
            problems += check_scale_cipher(a, ues, frames, alg)
            checked += 1

    for scn in sorted(glob.glob(os.path.join(a.pcaps, "*.scn"))) if a.pcaps else []:
        name = os.path.splitext(os.path.basename(scn))[0]
        pcap = os.path.join(a.work, name + ".pcapng")
        jsonl = os.path.join(a.work, name + ".jsonl")
        try:
            run([a.esmgen, "-o", pcap, "--expect", jsonl, scn])
        except RuntimeError as e:
            problems.append(str(e))
            continue
        committed = os.path.join(a.pcaps, name + ".pcapng")
        if a.identical:
            if not os.path.exists(committed):
                problems.append("%s: no committed capture (run the 'captures' target)" % name)
            elif not filecmp.cmp(pcap, committed, shallow=False):
                problems.append("%s: regenerated capture differs from the committed one" % name)
        if a.tshark:
            with open(jsonl) as f:
                records = [json.loads(line) for line in f]
            problems += check_capture(a.tshark, pcap, records, name)
        checked += 1

    for p in problems:
        print("FAIL", p)
    print("%d checked, %d problems" % (checked, len(problems)))
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
