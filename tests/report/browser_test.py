#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The HTML report in a real browser: headless Chromium with the network off.

    browser_test.py replay ESMGEN ESMTRACE PCAPS_DIR OUTDIR
    browser_test.py tshark ESMGEN PCAPS_DIR OUTDIR

Writes reports (esmtrace replay --html, or tshark -z esm,report) of scenario
captures, a generated capture with several hundred UEs and an empty capture,
opens each in Chromium (no network: a proxy that does not exist, no DNS, and
the page's own Content-Security-Policy) and drives it through the DevTools
protocol (a small client below, Python's standard library only). Checks, on
the DOM after the page's script ran:
  - the script ran to the end without an exception or console error, and the
    page asked for nothing but itself (every request the browser saw);
  - every UE that has a finding has a section with its SVG timeline, and every
    finding of the triage table of the other output (replay --json, or tshark
    -z esm,triage) is one row of the page's triage table with its frame, and one
    marker in its UE's timeline whose tooltip gives frame, clause and text;
  - 06-t3486-t3495-retransmissions: the MODIFY that was never answered shows
    four resend markers numbered 1 to 4 by expiry, and one abort marker; the
    dedicated bearers 6 and 7 are linked to their default bearer 5;
  - a frame link in the triage table opens and highlights the UE's marker, on
    another page of UEs too;
  - the empty capture says there is no ESM traffic;
and saves screenshots in OUTDIR (report-06-ues.png is the README's picture).
Exit 1 on any failure, 77 when no Chromium is installed.
"""
import base64
import collections
import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_report  # noqa: E402  (same folder: producers and the page reader)


# ------------------------------------------------------ DevTools protocol

class DevTools:
    """Just enough of a WebSocket client (RFC 6455) for the DevTools protocol."""

    def __init__(self, ws_url):
        rest = ws_url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("DevTools refused the WebSocket: %r" % head[:200])
        self.next_id = 0
        self.events = []

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send_frame(self, opcode, data):
        head = bytearray([0x80 | opcode])
        n = len(data)
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head.append(0x80 | 126)
            head += struct.pack(">H", n)
        else:
            head.append(0x80 | 127)
            head += struct.pack(">Q", n)
        mask = os.urandom(4)
        head += mask
        self.sock.sendall(bytes(head) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _message(self):
        data = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0f
            if op == 9:        # ping
                self._send_frame(10, payload)
                continue
            if op == 8:
                raise RuntimeError("DevTools closed the WebSocket")
            data += payload
            if b0 & 0x80:
                return json.loads(data)

    def call(self, method, **params):
        self.next_id += 1
        self._send_frame(1, json.dumps({"id": self.next_id, "method": method, "params": params}).encode())
        while True:
            m = self._message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait(self, method, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._message())
        raise RuntimeError("no %s within %d s" % (method, timeout))

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("page script: %s" % r["exceptionDetails"])
        return r["result"].get("value")


def stop_chromium(proc):
    """Ends Chromium and the processes it started (its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(15)
    time.sleep(0.5)  # its helpers leave the profile folder


def start_chromium(exe, profile, log):
    """Chromium with no network at all, and a DevTools session on its page."""
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-port=0", "about:blank"]
    proc = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)  # its own process group
    port_file = os.path.join(profile, "DevToolsActivePort")
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        if proc.poll() is not None:
            raise RuntimeError("chromium exited with %s" % proc.returncode)
        time.sleep(0.1)
    port = int(open(port_file).read().split()[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/json/list")
    pages = [p for p in json.loads(conn.getresponse().read()) if p.get("type") == "page"]
    dt = DevTools(pages[0]["webSocketDebuggerUrl"])
    for domain in ("Page", "Runtime", "Network", "Log"):
        dt.call(domain + ".enable")
    dt.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
    return proc, dt


# ------------------------------------------------------------------ pages

FACTS = r"""(function () {
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  var out = {rendered: document.body.getAttribute("data-rendered"), text: document.body.innerText.slice(0, 4000),
             sections: [], markers: [], pager: all(".pager").map(function (p) { return p.textContent; })};
  function collect(root) {
    all("section.ue, details.ue", root).forEach(function (e) {
      out.sections.push({id: e.id, tag: e.tagName, svg: !!e.querySelector("svg.timeline")}); });
    all("svg.timeline .finding", root).forEach(function (m) {
      var svg = m.ownerSVGElement, t = m.querySelector("title");
      out.markers.push({ue: +svg.getAttribute("data-ue"), row: +m.getAttribute("data-row"), frame: +m.getAttribute("data-frame"),
                        code: m.getAttribute("data-code"), title: t ? t.textContent : ""}); });
  }
  /* every page of both UE lists, as a reader clicking "next" sees them, then back to the first */
  ["#ues-findings", "#ues-other"].forEach(function (sel) {
    var box = document.querySelector(sel);
    if (!box) return;
    function btn(i) { return box.querySelectorAll(":scope > .pager button")[i]; }
    for (var n = 0; n < 10000; n++) { collect(box); if (!btn(1) || btn(1).disabled) break; btn(1).click(); }
    while (btn(0) && !btn(0).disabled) btn(0).click();
  });
  /* every page of the triage table */
  out.rows = [];
  var tb = document.querySelector("#triage-body");
  function tbtn(i) { return tb.querySelectorAll(":scope > .pager button")[i]; }
  for (var n = 0; tb && n < 10000; n++) {
    all("#triage-table tr.triage-row").forEach(function (r) {
      out.rows.push({frame: +r.getAttribute("data-frame"), code: r.getAttribute("data-code"), ue: +r.getAttribute("data-ue"),
                     no: +r.cells[0].textContent}); });
    if (!tbtn(1) || tbtn(1).disabled) break;
    tbtn(1).click();
  }
  while (tb && tbtn(0) && !tbtn(0).disabled) tbtn(0).click();
  return out; })()"""


def load(dt, path, hash_=""):
    """Opens a page afresh (through about:blank: a change of #hash alone loads nothing)."""
    for url in ("about:blank", "file://" + path + hash_):
        dt.events = [e for e in dt.events if not e.get("method", "").startswith("Page.")]
        dt.call("Page.navigate", url=url)
        dt.wait("Page.loadEventFired")
    return dt.js(FACTS)


def screenshot(dt, selector, out):
    box = dt.js("(function(){var e=document.querySelector(%s); if(!e) return null; e.scrollIntoView();"
                "var r=e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height];})()"
                % json.dumps(selector))
    if not box:
        raise RuntimeError("nothing to photograph: %s" % selector)
    x, y, w, h = box
    shot = dt.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                   clip={"x": max(0, x - 8), "y": max(0, y - 8), "width": w + 16, "height": min(h + 16, 4000), "scale": 1})
    with open(out, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return os.path.getsize(out)


def page_problems(dt):
    """Exceptions, console errors and requests for anything but the page itself."""
    bad = []
    for m in dt.events:
        meth, p = m.get("method"), m.get("params", {})
        if meth == "Runtime.exceptionThrown":
            bad.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
        elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            bad.append("console error: %s" % p.get("args"))
        elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            bad.append("log error: %s" % p["entry"].get("text"))
        elif meth == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:", "about:")):
                bad.append("network request: %s" % url)
    dt.events = []
    return bad


def check_page(dt, path, name, other, fails):
    """The generic checks of one report page, against the other output's findings."""
    facts = load(dt, path)
    if facts["rendered"] != "1":
        fails.append("%s: the page's script did not finish" % name)
        return facts
    data, problems = check_report.read_page(path)
    fails.extend("%s: %s" % (name, p) for p in problems)
    rep = check_report.Report(data)
    sections = {s["id"]: s for s in facts["sections"]}
    # every UE with a finding: a section with its timeline, on one of the pages
    for ue in sorted({r["ue"] for r in rep.triage if r["ue"]}):
        s = sections.get("ue-%d" % ue)
        if not s or s["tag"] != "SECTION" or not s["svg"]:
            fails.append("%s: UE %d has findings but no section with a timeline" % (name, ue))
    for u in data["ues"]:
        if "ue-%d" % u["ue"] not in sections:
            fails.append("%s: UE %d is in the data but on no page" % (name, u["ue"]))
    # the triage table, all its pages: every finding of the other output once, with its frame
    want = collections.Counter((f, c) for f, c, _ in other)
    got = collections.Counter((r["frame"], r["code"]) for r in facts["rows"])
    if [r["no"] for r in facts["rows"]] != list(range(1, len(facts["rows"]) + 1)):
        fails.append("%s: triage rows are not numbered 1..n across its pages" % name)
    if want != got:
        fails.append("%s: triage rows differ from the other output: missing %s, extra %s" %
                     (name, list((want - got).elements())[:5], list((got - want).elements())[:5]))
    # every finding a marker in its UE's timeline, with frame, clause and text in its tooltip
    shown = {(m["ue"], m["row"]): m for m in facts["markers"]}
    ue_sections = {s["id"] for s in facts["sections"] if s["svg"]}
    for i, r in enumerate(rep.triage):
        if not r["ue"] or "ue-%d" % r["ue"] not in ue_sections:
            continue
        m = shown.get((r["ue"], i + 1))
        if not m or m["frame"] != r["frame"] or m["code"] != r["code"]:
            fails.append("%s: finding %d (%s, frame %d) has no marker in UE %d's timeline" %
                         (name, i + 1, r["code"], r["frame"], r["ue"]))
        elif "frame %d" % r["frame"] not in m["title"] or r["clause"] not in m["title"] or r["text"] not in m["title"]:
            fails.append("%s: marker of finding %d lacks frame, clause or text: %r" % (name, i + 1, m["title"]))
    fails.extend("%s: %s" % (name, p) for p in page_problems(dt))
    return facts


def main():
    args = sys.argv[1:]
    if not args or args[0] not in ("replay", "tshark") or len(args) != (5 if args[0] == "replay" else 4):
        sys.exit(__doc__)
    via = args[0]
    esmgen = args[1]
    esmtrace = args[2] if via == "replay" else None
    pcaps, outdir = args[-2], os.path.abspath(args[-1])
    exe = next((shutil.which(x) for x in ("chromium", "chromium-browser", "google-chrome") if shutil.which(x)), None)
    if not exe:
        print("no chromium: bash tests/deps.sh installs it")
        sys.exit(77)
    if not shutil.which("tshark"):
        sys.exit(77)
    os.makedirs(outdir, exist_ok=True)
    fails = []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        os.chmod(tmp, 0o755)

        def produce(pcap, name):
            out = os.path.join(tmp, name + ".html")
            if via == "tshark":
                other = check_report.report_tshark(pcap, out)
            else:
                other = check_report.report_replay(esmtrace, pcap, out, tmp)
            return out, other

        def scenario(name):
            pcap = os.path.join(tmp, name + ".pcapng")
            exp = os.path.join(tmp, name + ".expect.jsonl")
            check_report.run([esmgen, "-o", pcap, "--expect", exp, os.path.join(pcaps, name + ".scn")])
            labels = {}
            for line in open(exp):
                d = json.loads(line)
                if d.get("label"):
                    labels[d["label"]] = d["frame"]
            return pcap, labels

        log = open(os.path.join(outdir, "chromium.log"), "w")
        proc, dt = start_chromium(exe, os.path.join(tmp, "profile"), log)
        try:
            # 1. resends and aborts
            pcap, labels = scenario("06-t3486-t3495-retransmissions")
            page, other = produce(pcap, "06")
            check_page(dt, page, "06", other, fails)
            mod2 = labels["mod2"]
            counts = dt.js("""(function(){var s=document.querySelector('#ue-1 svg.timeline');
                return s && {resends: Array.prototype.map.call(s.querySelectorAll('.resend[data-of="%d"]'),
                                 function(m){return m.querySelector('text').textContent;}),
                             aborts: s.querySelectorAll('.abort[data-frame="%d"]').length,
                             expiries: s.querySelectorAll('.run[data-request="%d"] .expiry').length};})()""" %
                           (mod2, mod2, mod2))
            if not counts or counts["resends"] != ["1", "2", "3", "4"] or counts["aborts"] != 1:
                fails.append("06: MODIFY of frame %d: want resend markers 1..4 and one abort marker, got %s" % (mod2, counts))
            links = dt.js("Array.prototype.map.call(document.querySelectorAll('#ue-1 .lbi-link'),"
                          "function(l){return l.getAttribute('data-ebi') + '>' + l.getAttribute('data-lbi');}).sort()")
            if links != ["6>5", "7>5"]:
                fails.append("06: want dedicated EBI 6 and 7 linked to default EBI 5, got %s" % links)
            if counts and counts["expiries"] != 5:
                fails.append("06: MODIFY of frame %d: want its timer runs to show expiries 1..5, got %s" % (mod2, counts))
            # a frame link in the triage table highlights the marker in the UE's timeline
            hl = dt.js("""(function(){var a=document.querySelector('#triage-table a[href="#frame-%d"]'); a.click();
                return new Promise(function(ok){setTimeout(function(){ok({target: !!document.querySelector('#ue-1.hl-target'),
                  marks: document.querySelectorAll('#ue-1 .mark.hl[data-frame="%d"]').length});}, 100);});})()""" % (mod2, mod2))
            if not hl or not hl["target"] or hl["marks"] < 1:
                fails.append("06: the triage link to frame %d does not lead to UE 1's marker: %s" % (mod2, hl))
            load(dt, page)
            size = screenshot(dt, "#ue-1", os.path.join(outdir, "report-06-ue1.png"))
            if size < 20000:
                fails.append("06: screenshot of UE 1 is only %d octets" % size)
            screenshot(dt, "#ues-body", os.path.join(outdir, "report-06-ues.png"))
            screenshot(dt, "main", os.path.join(outdir, "report-06-page.png"))
            page_problems(dt)

            # 2. rejects, statuses, notifications
            pcap, _ = scenario("08-rejects-status-notification")
            page, other = produce(pcap, "08")
            facts = check_page(dt, page, "08", other, fails)
            rejects = dt.js("document.querySelectorAll('svg.timeline .reject').length")
            want = sum(1 for _, c, _ in other if c == "reject")
            if rejects != want:
                fails.append("08: %d reject markers for %d rejects" % (rejects, want))
            screenshot(dt, "#ue-1", os.path.join(outdir, "report-08-ue1.png"))

            # 3. many UEs: paged lists, navigation to a UE on another page
            big = os.path.join(tmp, "many.pcapng")
            check_report.run([esmgen, "--scale", "--ues", "400", "--frames", "4000", "-o", big])
            page, other = produce(big, "many")
            facts = check_page(dt, page, "many", other, fails)
            if not any("page 1 of" in p for p in facts["pager"]):
                fails.append("many: no paged list of %d UEs" % len(check_report.read_page(page)[0]["ues"]))
            data = check_report.read_page(page)[0]
            last = data["ues"][-1]["ue"]
            nav = load(dt, page, "#ue-%d" % last)
            if not any(s["id"] == "ue-%d" % last for s in nav["sections"]):
                fails.append("many: #ue-%d does not open the page that holds UE %d" % (last, last))
            page_problems(dt)

            # 4. no ESM traffic at all
            for name, pg in check_report.empty_cases(tmp, esmgen, pcaps, via, esmtrace):
                facts = load(dt, pg)
                if facts["rendered"] != "1" or "No ESM traffic in this capture" not in facts["text"]:
                    fails.append("%s: the page does not say there is no ESM traffic" % name)
                fails.extend("%s: %s" % (name, p) for p in page_problems(dt))
            screenshot(dt, "main", os.path.join(outdir, "report-empty.png"))
        finally:
            stop_chromium(proc)
            log.close()
    for f in fails:
        print("FAIL " + f)
    print("browser: %s; screenshots in %s" % ("ok" if not fails else "%d failures" % len(fails), outdir))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
