#!/usr/bin/env bash
# Regenerates the README's pictures: docs/windows.png (the timeline of schedules/example.yaml over
# the week the clocks go back in Europe and in the US), docs/windows-holidays.png (schedules/advanced.yaml
# at Easter 2027: named holidays and a 23-hour day) and docs/audit.png (the page of the demo's log).
# Needs a headless Chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
browser=${LOOKOUT_BROWSER:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "error: no chromium found (apt-get install chromium, or set LOOKOUT_BROWSER)" >&2; exit 2; }

swift build --product lookout-scheduler >/dev/null
bin=$PWD/.build/debug/lookout-scheduler
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shot() {  # shot PAGE PNG HEIGHT
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions \
    --disable-background-networking --disable-component-update --user-data-dir="$work/profile" \
    --force-device-scale-factor=1 --window-size=1400,"$3" --screenshot="$2" "file://$1" 2>/dev/null
  echo "wrote $2"
}

"$bin" windows --rules schedules/example.yaml --from 2026-10-24T00:00:00+02:00 --to 2026-11-02T00:00:00+01:00 \
  --output html >"$work/windows.html"
shot "$work/windows.html" docs/windows.png 480

"$bin" windows --rules schedules/advanced.yaml --from 2027-03-24T00:00:00+01:00 --to 2027-03-31T00:00:00+02:00 \
  --output html >"$work/windows-holidays.html"
shot "$work/windows-holidays.html" docs/windows-holidays.png 735

# The demo writes its log with the sample day's decisions; the page names the log as given.
"$bin" demo --directory "$work/demo" >/dev/null
(cd "$work/demo" && "$bin" audit --log audit.jsonl --output html --verify >"$work/audit.html")
shot "$work/audit.html" docs/audit.png 1240
