#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every libFuzzer target of a fuzz build for a bounded time; fail on any crash.
#   usage: tests/fuzz/run.sh BUILD_DIR SECONDS
# BUILD_DIR was configured with CC=clang -DESMTRACE_FUZZ=ON. Each target starts
# from its seed corpus tests/fuzz/corpus/<target>/ (read only); new inputs go to
# a scratch folder, crashes to BUILD_DIR/fuzz-artifacts/.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR SECONDS" >&2; exit 2; }
build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
targets=$(find "$build/tests/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x 2>/dev/null | sort)
[ -n "$targets" ] || { echo "$0: no fuzz target in $build/tests/fuzz (configure with CC=clang -DESMTRACE_FUZZ=ON)" >&2; exit 2; }

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for t in $targets; do
	name=$(basename "$t")
	seeds=$here/corpus/$name
	mkdir -p "$scratch/$name"
	[ -d "$seeds" ] || seeds=
	echo "== $name: ${seconds}s from ${seeds:-an empty corpus}"
	# -timeout: one input may take at most 10 s (a hang is a failure);
	# -rss_limit_mb: memory must stay bounded; -max_len: NAS-PDUs fit in 4 KiB
	# in practice, longer inputs only dilute the search.
	if ! "$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
		"$scratch/$name" $seeds 2>"$scratch/$name.log"; then
		status=1
		grep -E 'ERROR|SUMMARY|property failed|Test unit written' "$scratch/$name.log" || tail -n 30 "$scratch/$name.log"
		for a in "$artifacts/$name"-*; do
			if [ -f "$a" ]; then echo "crash input $a: $(xxd -p "$a" | tr -d '\n')"; fi
		done
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|cov: ' "$scratch/$name.log" | tail -n 3
done
if [ $status -eq 0 ]; then echo "fuzz: no crash"; else echo "fuzz: CRASH (see above)"; fi
exit $status
