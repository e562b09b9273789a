#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the tracker fuzz target with clang (libFuzzer, ASan, UBSan) and runs it.
#   tests/track/fuzz_run.sh [SECONDS]    (default 60)
# The seed corpus is the NAS hex of the test documents, one event per file.
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
# seeds: op byte (NAS event), time step, key "a", no S1AP fields, shape 0, length, bytes
i=0
for hex in $(sed -n 's/^@*[a-z0-9]* *[0-9.]* [a-z0-9:/-]* [ud]l \([0-9a-f]*\).*/\1/p; s/^[0-9.]* [a-z0-9:/-]* [ud]l \([0-9a-f]*\).*/\1/p' "$here"/docs/*.txt | sort -u); do
	i=$((i + 1))
	len=$(( ${#hex} / 2 ))
	[ "$len" -lt 64 ] || continue
	printf '\000\000\000\200\010\200\377\000\000\000\000\000%b' "\\$(printf %03o "$len")" > "$corpus/seed$i"
	printf '%s' "$hex" | xxd -r -p >> "$corpus/seed$i"
done
"$build/tests/track/fuzz_track" -max_total_time="$secs" -rss_limit_mb=512 -max_len=4096 "$corpus"
