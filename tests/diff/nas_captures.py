# SPDX-License-Identifier: GPL-2.0-or-later
"""Every NAS-PDU of every shared capture, with its direction and tshark's decode.

Where NAS-PDUs are found, and how their direction is known:
  - S1AP (network side): s1ap.NAS_PDU and s1ap.nAS_PDU (inside E-RAB items);
    the direction comes from the S1AP procedure that carries the PDU, as the
    core's S1AP table says (`esmtrace s1ap-table`, common/s1ap.c, TS 36.413 9.1);
  - LTE RRC dedicatedInfoNAS (UE side: ltesniffer MAC-LTE captures, QCSuper
    GSMTAP RRC): UL-DCCH or DL-DCCH message (TS 36.331 6.2.1);
  - GSMTAP "LTE NAS" payloads (QCSuper's modem NAS log): the GSMTAP uplink flag.

tshark (4.0, 4.4 or 4.6) is run twice per capture:
  - with default preferences, which decodes security-protected NAS (EEA0
    captures are deciphered by nas-eps.null_decipher, on by default);
  - with nas-eps.dissect_plain:TRUE, because 4.0 misreads a stand-alone plain
    ESM message (PD 2, EBI != 0, 8 octets or more) as security-protected.
    That run is used only for PDUs whose outer PD is 2; for the others it
    would turn off deciphering.
Both runs use a private configuration folder whose only content maps DLT 147
(USER0) to mac-lte-framed, as the ltesniffer captures need (pcaps/README.md).

Run as a script, prints every NAS-PDU of the S1AP captures as "D|U hex" lines
(the benchmark corpus): nas_captures.py ESMTRACE SHARED_DIR > tests/bench/corpus.txt;
with --all, the UE-side PDUs too (the fuzz seeds, see tests/fuzz/run.sh).
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

def nas_directions(esmtrace):
    """S1AP procedure code -> direction ("U"/"D") of the NAS-PDU it carries, from the core's
    S1AP table (only initiating messages carry NAS)."""
    out = subprocess.run([esmtrace, "s1ap-table"], check=True, capture_output=True, text=True).stdout
    return {m["proc"]: "U" if m["nas_dir"] == "ul" else "D"
            for m in json.loads(out)["messages"] if m["nas"] != "none"}


S1AP_FIELDS = ("s1ap.NAS_PDU", "s1ap.nAS_PDU")
RRC_FIELDS = ("lte-rrc.dedicatedInfoNAS", "lte-rrc.DedicatedInfoNAS")  # single, list item
GSMTAP_FIELD = "udp.payload"   # GSMTAP header + LTE NAS
CARRIERS = S1AP_FIELDS + RRC_FIELDS + (GSMTAP_FIELD,)
RRC_DIR = {"lte-rrc.UL_DCCH_Message_element": "U", "lte-rrc.DL_DCCH_Message_element": "D"}

USER_DLTS = '"User 0 (DLT=147)","mac-lte-framed","0","","0",""\n'


class Pdu:
    """One NAS-PDU as tshark saw it."""

    def __init__(self, capture, frame, source, direction, hexstr, proc=None):
        self.capture = capture
        self.frame = frame
        self.source = source  # "s1ap", "rrc" or "gsmtap"
        self.dir = direction  # "U", "D" or None
        self.proc = proc
        self.hex = hexstr
        self.fields = []      # (name, show, value, showname, pos) in document order, nas-eps subtree
        self.index = 0        # position of this PDU within its frame

    def where(self):
        return "%s frame %s #%d (%s)" % (self.capture, self.frame, self.index, self.source)


def _nas_pdu(state, nas):
    """The PDU for a nas-eps subtree: its bytes are a slice of the carrier field."""
    car = state["carrier"]
    if car is None:
        return None
    name, cpos, cval = car
    pos, size = int(nas.get("pos")), int(nas.get("size"))
    if 2 * size == len(cval):
        # The whole carrier. (PER octet strings that are not octet-aligned are
        # dissected from a new tvb, so positions cannot be compared.)
        hexstr = cval
    else:
        start = pos - cpos
        if start < 0 or 2 * (start + size) > len(cval):
            return None
        hexstr = cval[2 * start:2 * (start + size)]
    if name in S1AP_FIELDS:
        source, direction = "s1ap", state["nas_dir"].get(state["proc"])
    elif name in RRC_FIELDS:
        source, direction = "rrc", state["rrc_dir"]
    else:
        source, direction = "gsmtap", state["gsmtap_dir"]
    return Pdu(state["capture"], state["frame"], source, direction, hexstr, state["proc"])


# A complete NAS message nested in another (SECURITY MODE COMPLETE, 24.301
# 8.2.21 and 9.9.3.51): compared as a PDU of its own, not as the outer one's.
REPLAYED = "nas_eps.emm.replayed_nas_msg_cont"


def _collect(el, pdu, fields, out):
    """nas-eps fields in document order, replayed messages split off."""
    for f in el:
        if f.tag != "field":   # a protocol inside NAS (IPCP in a PCO): its fields count
            _collect(f, pdu, fields, out)
            continue
        name = f.get("name")
        if name.startswith("nas-eps."):  # Wireshark 4.4 renamed the fields nas_eps.* to nas-eps.*
            name = "nas_eps." + name[len("nas-eps."):]
        fields.append((name, f.get("show"), f.get("value"), f.get("showname", ""), f.get("pos")))
        if name == REPLAYED and f.get("value"):
            inner = Pdu(pdu.capture, pdu.frame, "replayed in " + pdu.source, pdu.dir, f.get("value"), pdu.proc)
            inner.index = pdu.index
            out.append(inner)
            _collect(f, inner, inner.fields, out)
        else:
            _collect(f, pdu, fields, out)


def _walk(el, state, out):
    for child in el:
        name = child.get("name")
        if child.tag == "field":
            if name == "s1ap.procedureCode":
                state["proc"] = int(child.get("show"))
            elif name in RRC_DIR:
                state["rrc_dir"] = RRC_DIR[name]
            elif name == "gsmtap.uplink":
                state["gsmtap_dir"] = "U" if child.get("show") == "1" else "D"
            if name in CARRIERS and child.get("value"):
                state["carrier"] = (name, int(child.get("pos")), child.get("value"))
        if name == "_ws.malformed" and state["carrier"] is None and out:
            # dissection of the NAS-PDU just decoded stopped on an exception
            out[-1].fields.append(("_ws.malformed", "", "", child.get("showname", ""), child.get("pos")))
        if child.tag == "proto" and name == "nas-eps":
            pdu = _nas_pdu(state, child)
            if pdu is None:  # kept with no bytes, so that the caller reports it
                pdu = Pdu(state["capture"], state["frame"], "unknown carrier", None, "")
            pdu.index = state["n"]
            state["n"] += 1
            out.append(pdu)
            _collect(child, pdu, pdu.fields, out)
            state["carrier"] = None
            continue
        _walk(child, state, out)


def _run_tshark(path, extra, confdir, nas_dir):
    # --disable-protocol esm: the oracle is Wireshark's own dissector, not this
    # project's plugin, which may be installed beside it.
    cmd = ["tshark", "-r", path, "--disable-protocol", "esm", "-Y", "nas-eps", "-T", "pdml"] + extra
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=confdir)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = []
    capture = os.path.basename(path)
    for _, el in ET.iterparse(proc.stdout):
        if el.tag != "packet":
            continue
        frame = None
        for f in el.iter("field"):
            if f.get("name") == "num":
                frame = int(f.get("show"))
                break
        state = {"capture": capture, "frame": frame, "proc": None, "rrc_dir": None, "gsmtap_dir": None,
                 "carrier": None, "n": 0, "nas_dir": nas_dir}
        _walk(el, state, out)
        el.clear()
    if proc.wait() != 0:
        raise RuntimeError("tshark failed on %s" % path)
    return out


class Tshark:
    """tshark with a private configuration folder (user DLT 147 only); nas_dir from nas_directions()."""

    def __init__(self, nas_dir):
        self.nas_dir = nas_dir

    def __enter__(self):
        self.confdir = tempfile.mkdtemp(prefix="esmtrace-ws-")
        with open(os.path.join(self.confdir, "user_dlts"), "w") as fh:
            fh.write(USER_DLTS)
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.confdir, ignore_errors=True)

    def read_capture(self, path):
        """All NAS-PDUs of one capture; fields from the right tshark run."""
        normal = _run_tshark(path, [], self.confdir, self.nas_dir)
        plain = _run_tshark(path, ["-o", "nas-eps.dissect_plain:TRUE"], self.confdir, self.nas_dir)
        if len(normal) != len(plain) or any(a.hex != b.hex for a, b in zip(normal, plain)):
            raise RuntimeError("%s: the two tshark runs disagree on the NAS-PDU list" % path)
        for a, b in zip(normal, plain):
            if len(a.hex) >= 2 and int(a.hex[1], 16) == 2:   # outer PD = ESM: plain run
                a.fields = b.fields
        return normal


def gsmtap_pcap(path, pdus):
    """Write NAS-PDUs [(dir "U"/"D", bytes)] as GSMTAP "LTE NAS" over UDP/IPv4,
    one per frame, the way QCSuper does, so tshark decodes them with their
    direction. Security-protected PDUs use sub-type 1 (nas-eps), plain ones
    sub-type 0 (the plain-message dissector)."""
    with open(path, "wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))  # LINKTYPE_RAW
        for i, (direction, nas) in enumerate(pdus):
            sub = 1 if nas and (nas[0] & 0x0F) == 7 and (nas[0] >> 4) != 0 else 0
            arfcn = 0x4000 if direction == "U" else 0  # GSMTAP uplink flag
            gsmtap = struct.pack(">BBBBHbbIBBBB", 2, 4, 18, 0, arfcn, 0, 0, 0, sub, 0, 0, 0)
            udp_len = 8 + len(gsmtap) + len(nas)
            udp = struct.pack(">HHHH", 4729, 4729, udp_len, 0)
            ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, i & 0xFFFF, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2]))
            frame = ip + udp + gsmtap + nas
            fh.write(struct.pack("<IIII", i, 0, len(frame), len(frame)) + frame)


def captures(shared_dir):
    """Capture files in shared/pcaps, sorted (none when the folder is missing)."""
    return captures_in(os.path.join(shared_dir, "pcaps"))


def captures_in(d):
    """Capture files in folder d, sorted (none when d is missing)."""
    if not d or not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".pcap", ".pcapng")))


def main(argv):
    args = [a for a in argv[1:] if a != "--all"]
    if len(args) != 2:
        sys.stderr.write("usage: nas_captures.py ESMTRACE SHARED_DIR [--all] > corpus.txt\n"
                         "  S1AP PDUs only (the benchmark corpus), or with --all the UE-side ones too\n")
        return 2
    with Tshark(nas_directions(args[0])) as ts:
        for path in captures(args[1]):
            for pdu in _run_tshark(path, [], ts.confdir, ts.nas_dir):
                if pdu.hex and (pdu.source == "s1ap" or "--all" in argv):
                    sys.stdout.write("%s %s\n" % (pdu.dir or "N", pdu.hex))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
