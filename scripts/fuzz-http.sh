#!/usr/bin/env bash
# A long fuzzing pass over HTTP responses: a fake Lookout for Vision on loopback answers the real
# client and runner with random status lines, headers and bodies (valid answers, wrong types,
# invalid names, control characters, NextToken cycles, wrong Content-Length, garbage, dropped
# connections, silence). Every run must end within its deadline, never crash, and never send a
# StopModel to a model inside its window or one no rule covers. CI runs 200 cases.
# Usage: scripts/fuzz-http.sh [CASES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export LOOKOUT_HTTP_FUZZ_CASES="${1:-5000}" LOOKOUT_HTTP_FUZZ_SEED="${2:-$RANDOM}"
echo "fuzzing HTTP responses: $LOOKOUT_HTTP_FUZZ_CASES runs, seed $LOOKOUT_HTTP_FUZZ_SEED"
time swift test --filter HTTPFuzzTests
