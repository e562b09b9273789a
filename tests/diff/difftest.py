#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Differential test: esmtrace's decoder against tshark's NAS-EPS dissector (4.0, 4.4, 4.6).

For every NAS-PDU of every capture in SHARED/pcaps (S1AP on the network side;
LTE RRC and GSMTAP NAS on the UE side), compare field by field:
security header type, EMM and ESM message type, EMM cause, EBI, PTI, ESM cause,
APN, PDN type and address, QCI and bit rates, APN-AMBR, linked EBI, PCO/ePCO
container IDs, DNS servers (containers 0x000D/0x0003 and IPCP options 129/131),
P-CSCF addresses and IPv4 link MTU, TFT (operation, packet filters with their
identifier, direction, precedence and component types), T3396 and back-off
timer values, the IMSI and M-TMSIs
of the EMM messages that carry UE identities, detach type, EPS bearer context
status, and whether the PDU decoded cleanly.

tshark's output is read the same way for every version: field names nas_eps.* (4.4
renamed them nas-eps.*), booleans 1/0 or True/False, and "ciphered" whichever way the
version shows it (tshark_view). A difference is accepted only when
known-differences.txt lists it, for this tshark version or all, with the spec
clause that shows Wireshark is wrong. Exit 0 when everything else agrees, 1 on
any unexplained difference, 77 (skip) when there are no captures.

usage: difftest.py DRIVER SHARED_DIR [--esmtrace PATH] [--pcaps DIR] [--known FILE] [--verbose]
  DRIVER      the diff_driver executable (build/tests/diff/diff_driver)
  SHARED_DIR  the folder holding pcaps/ (CMake: ESMTRACE_SHARED_DIR); may be missing
  --esmtrace  the esmtrace tool, for the S1AP table that gives each NAS-PDU its direction
              (default: build/common/esmtrace beside the driver's build folder)
  --pcaps     the project's own captures, also compared (default: pcaps/ of this tree)
  --known     known-differences file (default: known-differences.txt beside this script)
  --vectors   hand-built PDUs also compared (default: vectors.txt beside this script; "" = none)
  --verbose   also list every accepted known difference
"""

import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nas_captures  # noqa: E402


# ------------------------------------------------------------ tshark's side

# EMM messages whose UE identities the decoder reports (issue 2): ATTACH
# REQUEST/ACCEPT, DETACH REQUEST, TAU REQUEST/ACCEPT, EXTENDED SERVICE REQUEST,
# GUTI REALLOCATION COMMAND (24.301 table 9.8.1).
ID_MESSAGES = (0x41, 0x42, 0x45, 0x48, 0x49, 0x4C, 0x50)
# EMM messages with a NAS key set identifier the key chain reads (9.9.3.21):
# ATTACH REQUEST, DETACH REQUEST (uplink), TAU REQUEST, EXTENDED SERVICE REQUEST,
# CONTROL PLANE SERVICE REQUEST, AUTHENTICATION REQUEST, SECURITY MODE COMMAND
KSI_MESSAGES = (0x41, 0x45, 0x48, 0x4C, 0x4D, 0x52, 0x5D)

RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(kbps|Mbps|Gbps)")
UNIT = {"kbps": 1, "Mbps": 1000, "Gbps": 1000000}


def rate_kbps(showname):
    """'Maximum bit rate for uplink: 40 kbps' -> 40; None when tshark names no rate."""
    m = RATE.search(showname.split(":", 1)[-1])
    return int(round(float(m.group(1)) * UNIT[m.group(2)])) if m else None


def flag(show):
    """A boolean field's value: PDML writes 1/0 up to Wireshark 4.2 and True/False from 4.4 on."""
    return show in ("1", "True")


def ip_text(s):
    return str(ipaddress.ip_address(s))


def tshark_view(pdu):
    """The compared fields as tshark 4.0 shows them."""
    fl = pdu.fields
    names = [f[0] for f in fl]

    def first(name):
        for f in fl:
            if f[0] == name:
                return f
        return None

    def all_of(*wanted):
        return [f for f in fl if f[0] in wanted]

    t = {}
    pd = int(pdu.hex[1], 16) if pdu.hex else None
    f = first("nas_eps.security_header_type")
    if pd == 7 and f is not None:
        t["sec_hdr"] = int(f[1])
    f = first("nas_eps.nas_msg_emm_type")
    if f is not None:
        t["emm_type"] = int(f[1], 16)
    f = first("nas_eps.emm.cause")
    if f is not None:
        t["emm_cause"] = int(f[1])
    # detach type (9.9.3.7): type in bits 3-1, switch off in bit 4 (uplink only)
    f = first("nas_eps.emm.detach_type_ul") or first("nas_eps.emm.detach_type_dl")
    if f is not None:
        off = first("nas_eps.emm.switch_off")
        t["detach_type"] = int(f[1], 0) | (int(off[1], 0) << 3 if off is not None else 0)
    # EPS bearer context status (9.9.2.1): bit n = EBI n
    ebis = all_of(*("nas_eps.emm.ebi%d" % n for n in range(16)))
    if ebis:
        t["bearer_ctx_status"] = sum(1 << int(f[0][len("nas_eps.emm.ebi"):]) for f in ebis if flag(f[1]))
    # what the NAS security key chain reads: KSI (TSC in bit 4), RAND, AUTN, the SMC's algorithms
    if t.get("emm_type") in KSI_MESSAGES:
        f, tsc = first("nas_eps.emm.nas_key_set_id"), first("nas_eps.emm.tsc")
        if f is not None:
            t["ksi"] = int(f[1], 0) | (8 if tsc is not None and flag(tsc[1]) else 0)
    for key, name in (("rand", "gsm_a.dtap.rand"), ("autn", "gsm_a.dtap.autn")):
        f = first(name)
        if f is not None:
            t[key] = f[2]
    toc, toi = first("nas_eps.emm.toc"), first("nas_eps.emm.toi")
    if toc is not None and toi is not None:
        t["sec_algs"] = int(toc[1], 0) << 4 | int(toi[1], 0)
    f = first("nas_eps.nas_msg_esm_type")
    if f is not None:
        t["esm_type"] = int(f[1], 16)
        t["ebi"] = int(first("nas_eps.bearer_id")[1])
        t["pti"] = int(first("nas_eps.esm.proc_trans_id")[1])
    elif first("nas_eps.bearer_id") is not None and first("nas_eps.esm.proc_trans_id") is not None:
        # an ESM header with a message type tshark does not know: it shows the type only
        # in an unnamed item "Unknown Message Type 0xNN" after the PTI
        t["ebi"] = int(first("nas_eps.bearer_id")[1])
        pti = first("nas_eps.esm.proc_trans_id")
        t["pti"] = int(pti[1])
        for n, sh, val, _, pos in fl:
            if n == "" and (sh or "").startswith("Unknown Message Type") and int(pos) > int(pti[4]):
                t["esm_type"] = int(val, 16)
                break
    for key, name in (("esm_cause", "nas_eps.esm.cause"), ("linked_ebi", "nas_eps.esm.linked_bearer_id"),
                      ("pdn_type", "nas_eps.esm_pdn_type"), ("request_type", "nas_eps.esm_request_type"),
                      ("qci", "nas_eps.esm.qci")):
        f = first(name)
        if f is not None:
            t[key] = int(f[1], 0)
    f = first("gsm_a.gm.sm.apn")
    if f is not None:
        t["apn"] = f[1]
    f = first("nas_eps.esm.pdn_ipv4")
    if f is not None:
        t["pdn_ipv4"] = f[1]
    f = first("nas_eps.esm.pdn_ipv6_if_id")
    if f is not None:
        t["pdn_ipv6_iid"] = f[2].lower()
    # EPS QoS rates (9.9.4.3): a non-zero extended (then extended-2) octet
    # replaces the octets before it; tshark shows each octet's value on its own
    # (nas_eps.esm.embr_ul for both extended octets).
    for key in ("mbr_ul", "mbr_dl", "gbr_ul", "gbr_dl"):
        octets = all_of("nas_eps.esm." + key, "nas_eps.esm.e" + key)
        used = [f for f in octets if f[1] != "0"] or octets
        if used:
            t[key] = rate_kbps(used[-1][3])
    # APN-AMBR: the total when extended octets are present, else the base octet.
    for d in ("dl", "ul"):
        f = first("nas_eps.esm.apn_ambr_%s_total" % d) or first("nas_eps.esm.apn_ambr_%s" % d)
        if f is not None:
            t["apn_ambr_" + d] = rate_kbps(f[3])
    # TFT / traffic flow aggregate (24.008 10.5.6.12): operation, count, and per
    # packet filter its identifier, direction, precedence and component types.
    f = first("gsm_a.gm.sm.tft.op_code")
    if f is not None:
        tft = {"op": int(f[1]), "n": int(first("gsm_a.gm.sm.tft.pkt_flt")[1]), "filters": []}
        cur = None
        for n, sh, _, _, _ in fl:
            if n == "gsm_a.gm.sm.tft.packet_filter":
                cur = {"types": []}
                tft["filters"].append(cur)
            elif n == "gsm_a.gm.sm.tft.pkt_flt_id":
                if cur is None or "id" in cur:   # delete packet filters: identifiers only
                    cur = {}
                    tft["filters"].append(cur)
                cur["id"] = int(sh, 0)
            elif cur is not None and n == "gsm_a.gm.sm.tft.pkt_flt_dir":
                cur["dir"] = int(sh, 0)
            elif cur is not None and n == "gsm_a.gm.sm.tft.packet_evaluation_precedence":
                cur["prec"] = int(sh, 0)
            elif cur is not None and n == "gsm_a.gm.sm.tft.packet_filter_component_type_id":
                cur["types"].append(int(sh, 0))
        if tft["op"] not in (1, 3, 4):  # delete packet filters: identifiers only
            tft["filters"] = [{"id": f["id"]} for f in tft["filters"] if "id" in f]
        t["tft"] = tft
    # UE identities of the EMM messages the decoder reads them from.
    if t.get("emm_type") in ID_MESSAGES:
        t["imsi"] = [f[1] for f in all_of("e212.imsi")]
        # a GUTI's M-TMSI shows as nas_eps.emm.m_tmsi and again as 3gpp.tmsi at the same octets
        tmsi = {f[4]: int(f[1], 0) for f in all_of("3gpp.tmsi")}
        tmsi.update({f[4]: int(f[1], 0) for f in all_of("nas_eps.emm.m_tmsi")})
        t["m_tmsi"] = sorted(tmsi.values())
    # GPRS timer 3 (T3396 value, back-off timer value) as tshark words it
    f = first("gsm_a.gm.gmm.gprs_timer3")
    if f is not None:
        m = re.search(r"(\d+)\s*(sec|min|hr|hour)", f[3])
        t["timer3"] = ("deactivated" if "deactivated" in f[3] else
                       int(m.group(1)) * {"sec": 1, "min": 60, "hr": 3600, "hour": 3600}[m.group(2)] if m else f[3])
    pids = all_of("gsm_a.gm.sm.pco_pid")
    if pids or "gsm_a.gm.sm.link_dir" in names:
        t["pco_ids"] = [int(f[1], 16) for f in pids]
        t["dns"] = sorted(ip_text(f[1]) for f in all_of("gsm_a.gm.sm.pco.dns.ipv4", "gsm_a.gm.sm.pco.dns.ipv6",
                                                        "ipcp.opt.pri_dns_address", "ipcp.opt.sec_dns_address"))
        t["pcscf"] = sorted(ip_text(f[1]) for f in all_of("gsm_a.gm.sm.pco.pcscf.ipv4", "gsm_a.gm.sm.pco.pcscf.ipv6"))
        t["ipv4_mtu"] = [int(f[1]) for f in all_of("gsm_a.gm.sm.pco.ipv4_link_mtu_size")]
    # Did tshark leave it ciphered, or find it malformed (error-level expert info or
    # _ws.malformed)? With nas-eps.null_decipher (on by default) 4.0 and 4.4 show the inner
    # octets of a security header type 2 or 4 as "Ciphered message" only when they do not read
    # them as plain NAS (their first octet's PD is neither EMM nor ESM); 4.6 shows them so every
    # time and then reads them as plain NAS: a plain message follows, or, when that PD is
    # neither, only the error "Not a NAS EPS PD". Left ciphered = no plain message after it.
    inner = False
    if "nas_eps.ciphered_msg" in names:
        inner = any(n in ("nas_eps.security_header_type", "nas_eps.nas_msg_emm_type", "nas_eps.nas_msg_esm_type",
                          "nas_eps.bearer_id") for n in names[names.index("nas_eps.ciphered_msg") + 1:])
    if "nas_eps.ciphered_msg" in names and not inner:
        t["malformed"] = "ciphered"
    else:
        t["malformed"] = any(f[0] == "_ws.malformed" or
                             (f[0] == "_ws.expert.severity" and f[3].endswith("Error")) for f in fl)
    return t


# ---------------------------------------------------------- esmtrace's side

def ipcp_dns(obj):
    """DNS server addresses in the core's JSON for one IPCP container: the IP
    addresses inside the options of type 129 and 131 (RFC 1877)."""
    found = []
    if isinstance(obj, dict):
        if obj.get("type") in (129, 131):
            for v in obj.values():
                if isinstance(v, str):
                    try:
                        found.append(ip_text(v))
                    except ValueError:
                        pass
            return found
        for v in obj.values():
            found += ipcp_dns(v)
    elif isinstance(obj, list):
        for v in obj:
            found += ipcp_dns(v)
    return found


def json_containers(obj):
    """Every {id, ...} object inside the PCO/ePCO lists of the core's JSON, in order."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("protocol_configuration_options", "extended_protocol_configuration_options"):
                stack = [v]
                while stack:
                    x = stack.pop(0)
                    if isinstance(x, dict) and "id" in x:
                        out.append(x)
                    elif isinstance(x, dict):
                        stack += list(x.values())
                    elif isinstance(x, list):
                        stack += x
            else:
                out += json_containers(v)
    elif isinstance(obj, list):
        for v in obj:
            out += json_containers(v)
    return out


def ours_view(canon, full, direction):
    """The compared fields from the driver's flat record and the core's JSON."""
    o = {}
    if canon["pd"] == 7:
        o["sec_hdr"] = canon["sec_hdr"]
    for k in ("emm_type", "emm_cause", "detach_type", "bearer_ctx_status", "rand", "autn", "sec_algs"):
        if k in canon:
            o[k] = canon[k]
    if "ksi" in canon and o.get("emm_type") in KSI_MESSAGES:
        o["ksi"] = canon["ksi"]
    if o.get("emm_type") in ID_MESSAGES:
        ids = canon.get("ids", [])
        o["imsi"] = [i["digits"] for i in ids if i["kind"] == 1]
        o["m_tmsi"] = sorted(i["m_tmsi"] for i in ids if "m_tmsi" in i)
    e = canon.get("esm")
    if e:
        o["esm_type"], o["ebi"], o["pti"] = e["type"], e["ebi"], e["pti"]
        if "tft" in e:
            o["tft"] = e["tft"]
        for k in ("esm_cause", "linked_ebi", "pdn_type", "request_type", "qci", "apn", "pdn_ipv4", "pdn_ipv6_iid",
                  "mbr_ul", "mbr_dl", "gbr_ul", "gbr_dl", "apn_ambr_dl", "apn_ambr_ul", "timer3"):
            if k in e:
                o[k] = e[k]
        cont = [c for c in e["pco"] if "id" in c]
        if e["n_pco_ies"]:
            o["pco_ids"] = [c["id"] for c in cont]
            dns, pcscf, mtu = [], [], []
            dl = direction == "D"
            for c in cont:
                b = bytes.fromhex(c["hex"])
                if dl and c["id"] == 0x000D and len(b) == 4:
                    dns.append(ip_text(".".join(str(x) for x in b)))
                elif dl and c["id"] == 0x0003 and len(b) == 16:
                    dns.append(str(ipaddress.IPv6Address(b)))
                elif dl and c["id"] == 0x000C and len(b) == 4:
                    pcscf.append(ip_text(".".join(str(x) for x in b)))
                elif dl and c["id"] == 0x0001 and len(b) == 16:
                    pcscf.append(str(ipaddress.IPv6Address(b)))
                elif dl and c["id"] == 0x0010 and len(b) == 2:
                    mtu.append(b[0] << 8 | b[1])
            # DNS inside IPCP comes from the core's own typed decode (JSON).
            if full is not None:
                for c in json_containers(full):
                    cid = c.get("id")
                    if isinstance(cid, str):
                        cid = int(cid, 0)
                    if cid == 0x8021:
                        dns += ipcp_dns(c)
            o["dns"], o["pcscf"], o["ipv4_mtu"] = sorted(dns), sorted(pcscf), mtu
    # a ciphered PDU is reported as such, never decoded: not malformed
    o["malformed"] = "ciphered" if canon["ciphered"] else not canon["valid"]
    return o


def json_disagreements(canon, full):
    """Where the core's JSON (the keys issue 2 names) says something else than
    its typed API: the JSON printer is compared with tshark through it."""
    e = canon.get("esm")
    if not e:
        return []
    j = full.get("esm") or (full.get("emm") or {}).get("esm") or {}
    want = {"msg_type": e["type"], "ebi": e["ebi"], "pti": e["pti"]}
    for key, canon_key in (("esm_cause", "esm_cause"), ("access_point_name", "apn"),
                           (e.get("linked_ebi_key"), "linked_ebi")):
        if canon_key in e:
            want[key] = e[canon_key]
    bad = ["%s: JSON %s, typed API %s" % (k, show(j.get(k)), show(v)) for k, v in want.items() if j.get(k) != v]
    ids = [c["id"] for c in e["pco"] if "id" in c]
    got = [int(c["id"], 0) if isinstance(c["id"], str) else c["id"] for c in json_containers(j)]
    if got != ids:
        bad.append("PCO container ids: JSON %s, typed API %s" % (show(got), show(ids)))
    return bad


# ------------------------------------------------------ known differences

def tshark_version():
    """(major, minor) of the tshark on the PATH."""
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"(\d+)\.(\d+)\.\d+", out)
    if not m:
        raise SystemExit("difftest: cannot read the version of tshark: %r" % out[:80])
    return int(m.group(1)), int(m.group(2))


def version_applies(spec, version):
    """'4.0' (that version), '4.4+' (that one and later), '4.0-4.4' (a range) against (major, minor)."""
    def v(t):
        a, b = t.split(".")
        return int(a), int(b)
    if spec.endswith("+"):
        return version >= v(spec[:-1])
    if "-" in spec:
        lo, hi = spec.split("-")
        return v(lo) <= version <= v(hi)
    return version == v(spec)


def load_known(path, version):
    """Lines: [tshark versions |] field | pdu hex or * | tshark value | esmtrace value | clause: why.
    Lines for other tshark versions are left out."""
    known = []
    if not path or not os.path.exists(path):
        return known
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            scope = parts.pop(0) if len(parts) == 6 else None
            if len(parts) != 5 or not re.search(r"\d+\.\d+", parts[4]) or \
                    (scope is not None and not re.fullmatch(r"\d+\.\d+(\+|-\d+\.\d+)?", scope)):
                raise SystemExit("%s:%d: expected '[VERSIONS |] field | hex | tshark | esmtrace | clause: why'"
                                 % (path, n))
            if scope is not None and not version_applies(scope, version):
                continue
            known.append({"field": parts[0], "hex": parts[1].lower(), "tshark": parts[2], "ours": parts[3],
                          "why": parts[4], "used": 0, "line": n})
    return known


def show(v):
    return "-" if v is None else json.dumps(v, separators=(",", ":"))


def match_known(known, field, hexstr, tv, ov):
    for k in known:
        if k["field"] == field and k["hex"] in ("*", hexstr) and k["tshark"] == show(tv) and k["ours"] == show(ov):
            k["used"] += 1
            return k
    return None


# --------------------------------------------------------- hand-built PDUs

def read_vectors(ts, path):
    """PDUs of a vectors file ("U|D hex...  # what"), decoded by tshark from a
    GSMTAP capture written for them."""
    vec = []
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if line[0] not in ("U", "D"):
                raise SystemExit("%s:%d: expected U or D then hex" % (path, n))
            vec.append((n, line[0], bytes.fromhex("".join(line[1:]))))
    tmp = os.path.join(ts.confdir, "vectors.pcap")
    nas_captures.gsmtap_pcap(tmp, [(d, b) for _, d, b in vec])
    got = ts.read_capture(tmp)
    if len(got) != len(vec):
        raise SystemExit("%s: tshark found %d NAS-PDUs for %d vectors" % (path, len(got), len(vec)))
    for p, (n, d, b) in zip(got, vec):
        if p.hex != b.hex() or p.dir != d:
            raise SystemExit("%s:%d: tshark read back different bytes or direction" % (path, n))
        p.capture, p.source = "%s line %d" % (os.path.basename(path), n), "vector"
    return got


# ------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("driver")
    ap.add_argument("shared")
    ap.add_argument("--esmtrace", default=None)
    ap.add_argument("--known", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "known-differences.txt"))
    ap.add_argument("--vectors", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.txt"))
    ap.add_argument("--pcaps", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                    "pcaps"))
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()

    caps = nas_captures.captures(a.shared) + nas_captures.captures_in(a.pcaps)
    if not caps:
        print("difftest: no captures in %s/pcaps or %s: skipped" % (a.shared, a.pcaps))
        return 77
    version = tshark_version()
    known = load_known(a.known, version)
    esmtrace = a.esmtrace or os.path.join(os.path.dirname(os.path.abspath(a.driver)), "..", "..", "common",
                                          "esmtrace")

    pdus, per_file = [], []
    with nas_captures.Tshark(nas_captures.nas_directions(esmtrace)) as ts:
        for path in caps:
            got = ts.read_capture(path)
            if got:
                per_file.append((os.path.basename(path), len(got)))
                pdus += got
        if a.vectors:
            got = read_vectors(ts, a.vectors)
            per_file.append((os.path.basename(a.vectors), len(got)))
            pdus += got
    if not pdus:
        print("difftest: no NAS-PDU found in any capture")
        return 1

    problems = []
    for p in pdus:
        if not p.hex:
            problems.append("%s: tshark decoded NAS here but its bytes were not found" % p.where())
        elif p.dir is None:
            problems.append("%s: no known direction (S1AP procedure %s)" % (p.where(), p.proc))
    pdus = [p for p in pdus if p.hex]
    lines = "".join("%s %s\n" % (p.dir or "N", p.hex) for p in pdus)
    run = subprocess.run([a.driver], input=lines, capture_output=True, text=True)
    if run.returncode != 0:
        print("difftest: driver failed (%d): %s" % (run.returncode, run.stderr.strip()))
        return 1
    out = run.stdout.split("\n")

    n_fields = n_known = 0
    per_field = {}
    for i, p in enumerate(pdus):
        canon = json.loads(out[2 * i])
        try:
            full = json.loads(out[2 * i + 1])
        except ValueError as e:
            full = None
            problems.append("%s: the core's JSON does not parse (%s): %s" % (p.where(), e, out[2 * i + 1][:200]))
        if full is not None:
            for line in json_disagreements(canon, full):
                problems.append("%s %s %s\n    %s" % (p.where(), p.dir, p.hex, line))
        t = tshark_view(p)
        o = ours_view(canon, full, canon.get("dir") or p.dir)
        for field in sorted(set(t) | set(o)):
            tv, ov = t.get(field), o.get(field)
            n_fields += 1
            per_field[field] = per_field.get(field, 0) + 1
            if tv == ov:
                continue
            k = match_known(known, field, p.hex, tv, ov)
            if k:
                n_known += 1
                if a.verbose:
                    print("known  %s %s: tshark %s, esmtrace %s (%s)" % (p.where(), field, show(tv), show(ov), k["why"]))
                continue
            problems.append("%s %s %s\n    field %s: tshark %s, esmtrace %s\n    diags %s" %
                            (p.where(), p.dir, p.hex, field, show(tv), show(ov), canon["diags"]))

    for line in problems:
        print("DIFF " + line)
    for k in known:
        if not k["used"]:
            print("note: known difference on line %d no longer occurs: %s" % (k["line"], k["field"]))
    print("captures: " + ", ".join("%s (%d)" % f for f in per_file))
    print("fields: " + ", ".join("%s %d" % kv for kv in sorted(per_field.items())))
    sources = {}
    for p in pdus:
        sources[p.source] = sources.get(p.source, 0) + 1
    print("tshark %d.%d: PDUs compared: %d (%s), fields compared: %d, differences: %d, known differences: %d"
          % (version + (len(pdus), ", ".join("%s %d" % kv for kv in sorted(sources.items())), n_fields,
                        len(problems), n_known)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
