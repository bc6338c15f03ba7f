#!/usr/bin/env bash
# Checks that a lookout-scheduler binary needs nothing from the Swift toolchain: `ldd` must list
# only system libraries (libc, libcurl, libssl/libcrypto and their dependencies), none under the
# toolchain's directory, no libswift*.so, no libFoundation*.so, no libdispatch.
#
#   scripts/check-static.sh [BINARY]     # default: .build/release/lookout-scheduler
set -euo pipefail
bin=${1:-.build/release/lookout-scheduler}
[ -x "$bin" ] || { echo "check-static: $bin is not an executable" >&2; exit 1; }
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)")")")
libs=$(ldd "$bin")
bad=$(printf '%s\n' "$libs" | grep -E 'not found|libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift|'"$toolchain" || true)
if [ -n "$bad" ]; then
  echo "check-static: $bin needs libraries from the Swift toolchain or missing ones:" >&2
  printf '%s\n' "$bad" >&2
  exit 1
fi
for want in libcurl libc.so; do
  printf '%s\n' "$libs" | grep -q "$want" || { echo "check-static: $bin does not link $want" >&2; exit 1; }
done
echo "check-static: $bin needs only system libraries ($(printf '%s\n' "$libs" | wc -l) entries)"
