#!/usr/bin/env bash
# The test suite once under ThreadSanitizer and once under AddressSanitizer (slow: each is a full build).
# Leak detection is off: every leak LeakSanitizer reports at exit is inside Foundation's URLSession,
# Process and Dispatch (see BENCHMARKS.md); the built binaries the tests run get the same options.
set -euo pipefail
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
cd "$(dirname "$0")/.."
for s in thread address; do
  echo "== swift test --sanitize=$s"
  swift test --sanitize="$s" --scratch-path ".build-$s" > ".build-$s.log" 2>&1 && echo passed || echo FAILED
  grep -E "Test run with|WARNING: ThreadSanitizer|ERROR: AddressSanitizer" ".build-$s.log" | sort | uniq -c
done
