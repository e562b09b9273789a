#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages (plugin/package.cmake) on the machine that builds them: builds them,
# installs both with `apt install ./FILE.deb`, checks that tshark loads the plugin from
# Wireshark's global plugin folder as a dissector, that the installed esmtrace runs, and that the
# triage table of pcaps/06-t3486-t3495-retransmissions is the one its scenario file states (the
# findings per frame, the aborts at their requests: plugin_test.py golden and stats), then removes
# both with `apt remove` and checks that none of their files is left and that nothing else under
# /usr, /etc, /opt and /var changed.
#
# It installs packages: run it only where that is wanted, as root (CI machines, the version
# matrix's Debian roots: tests/run_all.sh and tests/matrix.sh run it). Exit 77 when not root.
# usage: tests/plugin/package_test.sh BUILD
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: package_test.sh BUILD}" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "package test: needs root (apt install), skipped"; exit 77; }
fail() { echo "FAIL: package test: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o DPkg::Lock::Timeout=600 -y -qq)

cmake --build "$build" --target package >/dev/null || fail "cpack failed"
plugin_deb=$(ls "$build"/esmtrace-wireshark_*.deb 2>/dev/null | head -1)
tool_deb=$(ls "$build"/esmtrace_*.deb 2>/dev/null | head -1)
[ -f "$plugin_deb" ] && [ -f "$tool_deb" ] || fail "cpack made no esmtrace-wireshark or esmtrace package in $build"
dpkg -s esmtrace-wireshark >/dev/null 2>&1 && fail "esmtrace-wireshark is already installed"
dpkg -s esmtrace >/dev/null 2>&1 && fail "esmtrace is already installed"

# Wireshark's global plugin folder, and a copy of the plugin an earlier test run left there
# (tests/plugin/install_plugin.cmake) set aside, so that only the package's is seen.
plugdir=$(dpkg-deb -c "$plugin_deb" | sed -n 's|.* \./\(.*/epan\)/esmtrace\.so$|/\1|p')
[ -n "$plugdir" ] || fail "no epan/esmtrace.so in $(basename "$plugin_deb")"
tmp=$(mktemp -d)
aside=""
restore() {
	[ -n "$aside" ] && mv "$aside" "$plugdir/esmtrace.so"
	rm -rf "$tmp"
}
trap restore EXIT
if [ -e "$plugdir/esmtrace.so" ]; then
	dpkg -S "$plugdir/esmtrace.so" >/dev/null 2>&1 && fail "$plugdir/esmtrace.so belongs to a package"
	aside=$tmp/esmtrace.so.aside
	mv "$plugdir/esmtrace.so" "$aside"
fi

# What the system holds, but for package manager state, caches, logs and Python's byte code.
snapshot() {
	find /usr /etc /opt /var -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache \
		-o -path /var/log -o -path /var/tmp -o -name __pycache__ \) -prune -o -print 2>/dev/null | sort
}
snapshot > "$tmp/before"

"${apt[@]}" install "$plugin_deb" "$tool_deb" >/dev/null || fail "apt install of the packages failed"
dpkg -L esmtrace-wireshark esmtrace | sort -u > "$tmp/files"
grep -qx "$plugdir/esmtrace.so" "$tmp/files" || fail "esmtrace-wireshark does not install $plugdir/esmtrace.so"
row=$(tshark -G plugins 2>/dev/null | grep "^esmtrace\.so" || true)
[ -n "$row" ] || fail "tshark -G plugins does not list esmtrace.so"
echo "$row" | grep -q "	dissector	$plugdir/esmtrace.so$" || fail "tshark -G plugins: $row"
[ "$(command -v esmtrace)" = /usr/bin/esmtrace ] || fail "no /usr/bin/esmtrace"
esmtrace decode 0201d9 | grep -q "ESM INFORMATION REQUEST" || fail "the installed esmtrace does not decode"

# The triage table of a scenario capture, as the scenario states it.
mkdir "$tmp/pcaps" "$tmp/shared"
cp "$top/pcaps/06-t3486-t3495-retransmissions.scn" "$top/pcaps/06-t3486-t3495-retransmissions.pcapng" "$tmp/pcaps/"
for mode in golden stats; do
	python3 "$top/tests/plugin/plugin_test.py" "$mode" --tshark "$(command -v tshark)" --shared "$tmp/shared" \
		--pcaps "$tmp/pcaps" --esmgen "$build/tests/gen/esmgen" > "$tmp/$mode.log" 2>&1 ||
		{ cat "$tmp/$mode.log" >&2; fail "plugin_test.py $mode with the installed plugin"; }
done
rows=$(sed -n 's/.* \([0-9]*\) triage rows$/\1/p' "$tmp/stats.log")

"${apt[@]}" remove esmtrace-wireshark esmtrace >/dev/null || fail "apt remove failed"
while read -r f; do
	[ -d "$f" ] || [ ! -e "$f" ] || fail "$f is left after apt remove"
done < "$tmp/files"
snapshot > "$tmp/after"
if ! diff -u "$tmp/before" "$tmp/after" > "$tmp/diff"; then
	cat "$tmp/diff" >&2
	fail "apt install and remove changed the file system"
fi
echo "package test: $(basename "$plugin_deb") (Depends: $(dpkg-deb -f "$plugin_deb" Depends | cut -d, -f1-2)) and" \
	"$(basename "$tool_deb"): installed, tshark loads $plugdir/esmtrace.so, triage of capture 06 as its" \
	"scenario states (${rows:-?} rows), removed with no file left"
