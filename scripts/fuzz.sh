#!/usr/bin/env bash
# A long fuzzing pass over the rule-file loader: mutations of the shipped rule files, each of
# which must load or be rejected with located errors (never crash, never hang).
# Usage: scripts/fuzz.sh [ITERATIONS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_ITERATIONS="${1:-200000}" FUZZ_SEED="${2:-$RANDOM}"
echo "fuzzing the rule-file loader: $FUZZ_ITERATIONS inputs, seed $FUZZ_SEED"
time swift test --filter RuleFileFuzzTests/mutatedRuleFilesLoadOrFailWithLocatedErrors
