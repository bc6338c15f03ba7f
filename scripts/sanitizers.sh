#!/usr/bin/env bash
# The test suite once under ThreadSanitizer and once under AddressSanitizer (slow: each is a full build).
set -euo pipefail
cd "$(dirname "$0")/.."
for s in thread address; do
  echo "== swift test --sanitize=$s"
  swift test --sanitize="$s" --scratch-path ".build-$s" 2>&1 | tail -5
done
