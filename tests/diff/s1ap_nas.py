# SPDX-License-Identifier: GPL-2.0-or-later
"""Every NAS-PDU of every S1AP capture, with its direction and tshark's decode.

tshark 4.0 is run twice per capture:
  - with default preferences, which decodes security-protected NAS (EEA0
    captures are deciphered by nas-eps.null_decipher, on by default);
  - with nas-eps.dissect_plain:TRUE, because 4.0 misreads a stand-alone plain
    ESM message (PD 2, EBI != 0, 8 octets or more) as security-protected.
    That run is used only for PDUs whose outer PD is 2; for the others it
    would turn off deciphering.

The direction of a NAS-PDU comes from the S1AP procedure that carries it
(TS 36.413 clause 9.1; shared/reference/s1ap-nas.md section 2).
"""

import os
import sys
import subprocess
import xml.etree.ElementTree as ET

# S1AP procedure code -> direction of the NAS-PDU it carries (TS 36.413 9.1).
PROC_DIR = {
    5: "D",   # E-RAB Setup Request: E-RABToBeSetupItemBearerSUReq nAS-PDU
    6: "D",   # E-RAB Modify Request
    7: "D",   # E-RAB Release Command
    9: "D",   # Initial Context Setup Request: E-RABToBeSetupItemCtxtSUReq nAS-PDU
    11: "D",  # Downlink NAS Transport
    12: "U",  # Initial UE Message
    13: "U",  # Uplink NAS Transport
    16: "D",  # NAS Non Delivery Indication: the downlink PDU that was not delivered
}

NAS_FIELDS = ("s1ap.NAS_PDU", "s1ap.nAS_PDU")


class Pdu:
    """One NAS-PDU as tshark saw it."""

    def __init__(self, capture, frame, proc, hexstr):
        self.capture = capture
        self.frame = frame
        self.proc = proc
        self.dir = PROC_DIR.get(proc)
        self.hex = hexstr
        self.fields = []      # (name, show, value, showname) in document order, nas-eps subtree
        self.index = 0        # position of this PDU within its frame

    def where(self):
        return "%s frame %s #%d" % (self.capture, self.frame, self.index)


def _walk(el, state, out):
    for child in el:
        name = child.get("name")
        if child.tag == "field" and name == "s1ap.procedureCode":
            state["proc"] = int(child.get("show"))
        if child.tag == "field" and name in NAS_FIELDS:
            pdu = Pdu(state["capture"], state["frame"], state["proc"], child.get("value", ""))
            pdu.index = state["n"]
            state["n"] += 1
            state["last"] = pdu
            out.append(pdu)
        if child.tag == "proto" and name == "nas-eps":
            pdu = state.get("last")
            if pdu is not None and not pdu.fields:
                pdu.fields = [(f.get("name"), f.get("show"), f.get("value"), f.get("showname", ""))
                              for f in child.iter() if f.tag == "field"]
            continue
        _walk(child, state, out)


def _run_tshark(path, extra):
    cmd = ["tshark", "-r", path, "-Y", " || ".join(NAS_FIELDS), "-T", "pdml"] + extra
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
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
        state = {"capture": capture, "frame": frame, "proc": None, "n": 0, "last": None}
        _walk(el, state, out)
        el.clear()
    if proc.wait() != 0:
        raise RuntimeError("tshark failed on %s" % path)
    return out


def read_capture(path):
    """All NAS-PDUs of one capture; fields from the right tshark run."""
    normal = _run_tshark(path, [])
    plain = _run_tshark(path, ["-o", "nas-eps.dissect_plain:TRUE"])
    if len(normal) != len(plain) or any(a.hex != b.hex for a, b in zip(normal, plain)):
        raise RuntimeError("%s: the two tshark runs disagree on the NAS-PDU list" % path)
    for a, b in zip(normal, plain):
        if a.hex and int(a.hex[1], 16) == 2:   # outer PD = ESM: plain run
            a.fields = b.fields
    return normal


def captures(shared_dir):
    """Capture files in shared/pcaps, sorted (S1AP or not: the caller keeps those with NAS-PDUs)."""
    d = os.path.join(shared_dir, "pcaps")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".pcap", ".pcapng")))


def main(argv):
    """s1ap_nas.py SHARED_DIR: print every NAS-PDU as "D|U hex" (the benchmark corpus)."""
    if len(argv) != 2:
        sys.stderr.write("usage: s1ap_nas.py SHARED_DIR > corpus.txt\n")
        return 2
    for path in captures(argv[1]):
        for pdu in _run_tshark(path, []):
            sys.stdout.write("%s %s\n" % (pdu.dir or "N", pdu.hex))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
