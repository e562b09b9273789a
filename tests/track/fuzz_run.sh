#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the tracker fuzz target with clang (libFuzzer, ASan, UBSan) and runs it.
#   tests/track/fuzz_run.sh [SECONDS]    (default 60)
# The seed corpus is the NAS hex of the test documents, one event per file, plain and
# wrapped with a NAS security context (fuzz_track.c).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
build="$root/build-fuzz-track"
CC=clang cmake -S "$root" -B "$build" -DESMTRACE_FUZZ=ON -DESMTRACE_PLUGIN=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" --target fuzz_track -j2 > /dev/null
corpus="$build/fuzz_track_corpus"
mkdir -p "$corpus"
# seeds: one NAS event per file (op, time step, UE slot, S1AP fields, shape 0, length, the NAS
# bytes of a test document)
python3 - "$corpus" "$here"/docs/*.txt <<'PY'
import re, sys
out, docs = sys.argv[1], sys.argv[2:]
seen = set()
for doc in docs:
    for line in open(doc):
        m = re.match(r"^(?:@\S+\s+)?[0-9.]+\s+\S+\s+(?:ul|dl)\s+([0-9a-f]+)", line)
        if m and m.group(1) not in seen and len(m.group(1)) < 128:
            seen.add(m.group(1))
            nas = bytes.fromhex(m.group(1))
            head = bytes([0x80 if " ul " in line else 0, 8, 0x80, 0xff, 0, 0, 0, 0, 0, len(nas)])
            open("%s/seed%d" % (out, len(seen)), "wb").write(b"\0\0\0" + head + nas)
            # the same with NAS security: keys, UE "a"'s AKA and SMC (EEA2, EIA2), the message
            # integrity protected and ciphered with its context (fuzz_track.c)
            sec = bytes([head[0], 8, 0xC8]) + head[3:]
            open("%s/sec%d" % (out, len(seen)), "wb").write(b"\xd0\0\0" + sec + nas)
PY
"$build/tests/track/fuzz_track" -max_total_time="$secs" -rss_limit_mb=512 -max_len=4096 "$corpus"
