#!/usr/bin/env bash
# Kills `lookout-scheduler run` with SIGKILL at random moments, many times, against the emulator;
# after each kill the audit log must verify and hold an intent for every StopModel the emulator
# received, and a final run must converge (every hosted model
# outside its window stopped, every other one still hosted).
# Usage: scripts/crash-consistency.sh [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-50}"
swift build -c release --product lookout-scheduler >/dev/null
swift build -c release --product lookout-emulator >/dev/null
bin=.build/release
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/rules.yaml" <<'YAML'
version: 1
defaults: { timezone: UTC, region: eu-west-1 }
rules:
  - { project: "off-*", schedule: never }
  - { project: "on-*", schedule: always }
YAML
{
  echo "region: eu-west-1"
  echo "faults: [ { operation: StopModel, kind: latency, seconds: 0.05 } ]"
  echo "projects:"
  for p in $(seq 1 20); do echo "  - { name: off-$p, models: [ { version: 1, status: HOSTED }, { version: 2, status: HOSTED } ] }"; done
  for p in $(seq 1 10); do echo "  - { name: on-$p, models: [ { version: 1, status: HOSTED } ] }"; done
} > "$work/fleet.yaml"
export AWS_ACCESS_KEY_ID=AKIDEMULATOR AWS_SECRET_ACCESS_KEY=crash-test-secret AWS_EC2_METADATA_DISABLED=true HOME="$work"
survived=0
for i in $(seq 1 "$kills"); do
  rm -f "$work/emu.out"
  "$bin/lookout-emulator" --fleet "$work/fleet.yaml" --secret-access-key crash-test-secret --stop-delay 0.1 > "$work/emu.out" &
  emu=$!
  while [ ! -s "$work/emu.out" ]; do sleep 0.02; done
  endpoint=$(sed -E 's/.*"endpoint": "([^"]+)".*/\1/' "$work/emu.out")
  "$bin/lookout-scheduler" run --rules "$work/rules.yaml" --endpoint-url "$endpoint" --log "$work/audit.jsonl" \
      --requests-per-second 0 --concurrency 2 > /dev/null 2>&1 &
  run=$!
  sleep "0.$(( RANDOM % 60 ))"
  kill -9 "$run" 2>/dev/null || true
  wait "$run" 2>/dev/null || true
  "$bin/lookout-scheduler" audit --verify --log "$work/audit.jsonl" > "$work/verify.out" || { cat "$work/verify.out"; echo "FAILED: log broken after kill $i"; exit 1; }
  # Write-ahead: every StopModel the emulator received is in the log as an intent (by its client token).
  for token in $(curl -s "$endpoint/_emulator/requests" | grep -o '"clientToken":"[^"]*"' | cut -d'"' -f4 | sort -u); do
    grep '"type":"intent"' "$work/audit.jsonl" | grep -q "\"client_token\":\"$token\"" \
      || { echo "FAILED: after kill $i, StopModel $token reached the service but is not in the log"; exit 1; }
  done
  # The next run converges.
  "$bin/lookout-scheduler" run --rules "$work/rules.yaml" --endpoint-url "$endpoint" --log "$work/audit.jsonl" --requests-per-second 0 > "$work/run.out" 2>&1 \
    || { cat "$work/run.out"; echo "FAILED: run after kill $i"; exit 1; }
  hosted=$(curl -s "$endpoint/_emulator/models" | grep -o '"project":"off-[0-9]*","region":"eu-west-1","status":"HOSTED"' | wc -l || true)
  on=$(curl -s "$endpoint/_emulator/models" | grep -o '"project":"on-[0-9]*","region":"eu-west-1","status":"HOSTED"' | wc -l || true)
  [ "$hosted" -eq 0 ] && [ "$on" -eq 10 ] || { echo "FAILED: after kill $i: $hosted off-* models still hosted, $on of 10 on-* hosted"; exit 1; }
  kill "$emu"; wait "$emu" 2>/dev/null || true
  survived=$((survived + 1))
done
lines=$(wc -l < "$work/audit.jsonl")
echo "crash consistency: $survived of $kills SIGKILLs survived: log verified after each ($lines lines in all), every next run converged"
