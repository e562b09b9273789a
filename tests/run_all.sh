#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite, from a fresh Debian 12 machine: installs what it needs, then
#  1. a release build with -Werror and every ctest test (decoder, tracker, generator,
#     differential test against tshark, plugin tests),
#  2. the core and its tests again under AddressSanitizer and UndefinedBehaviorSanitizer,
#  3. every libFuzzer target for a bounded time under ASan/UBSan,
#  4. every capture, mutated, through tshark with the plugin built with ASan/UBSan.
# The Wireshark GUI test runs in stage 1 under Xvfb (hence --gui below).
# Environment: ESMTRACE_SHARED_DIR (default ../shared), FUZZ_SECONDS (default 60 per target),
# MUTATION_SEEDS (default 2 per capture).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${ESMTRACE_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
fuzz_seconds=${FUZZ_SECONDS:-60}
mutation_seeds=${MUTATION_SEEDS:-2}
jobs=$(nproc)

bash "$top/tests/deps.sh" --gui

echo "== 1. release build (-Werror) and all tests"
cmake -S "$top" -B "$top/build-ci" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DESMTRACE_WERROR=ON \
      -DESMTRACE_SHARED_DIR="$shared" >/dev/null
cmake --build "$top/build-ci" -j "$jobs"
ctest --test-dir "$top/build-ci" --output-on-failure -j "$jobs"

echo "== 2. ASan + UBSan build of the core and its tests"
cmake -S "$top" -B "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug -DESMTRACE_WERROR=ON \
      -DESMTRACE_SANITIZE=ON -DESMTRACE_PLUGIN=OFF -DESMTRACE_SHARED_DIR="$shared" >/dev/null
cmake --build "$top/build-asan" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$top/build-asan" --output-on-failure -j "$jobs" -LE no-sanitize

echo "== 3. fuzzing (${fuzz_seconds} s per target, clang libFuzzer + ASan/UBSan)"
CC=clang cmake -S "$top" -B "$top/build-fuzz" -DCMAKE_BUILD_TYPE=Debug -DESMTRACE_FUZZ=ON \
      -DESMTRACE_PLUGIN=OFF -DESMTRACE_SHARED_DIR="$shared" >/dev/null
cmake --build "$top/build-fuzz" -j "$jobs"
bash "$top/tests/fuzz/run.sh" "$top/build-fuzz" "$fuzz_seconds"      # decoder: envelope + ESM + PCO + JSON
bash "$top/tests/track/fuzz_run.sh" "$fuzz_seconds"                   # tracker: event sequences

echo "== 4. mutated captures through tshark with an ASan/UBSan plugin (${mutation_seeds} seeds each)"
ESMTRACE_SHARED_DIR="$shared" BUILD="$top/build-plugin-asan" bash "$top/tests/plugin/mutate_asan.sh" "$mutation_seeds"
echo "== all test stages passed"
