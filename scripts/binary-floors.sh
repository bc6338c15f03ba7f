#!/usr/bin/env bash
# What the dependencies alone cost in size and start-up, whatever the tool does: tiny programs built
# the way `scripts/package.sh` builds the tool (release, static Swift standard library, stripped),
# each linking one more of the tool's parts, timed by hyperfine beside /bin/true in one run.
# BENCHMARKS.md ("The binary and its start") quotes what it prints.
#
#   scripts/binary-floors.sh [BINARY]     # BINARY: the tool to compare (default: /usr/bin/lookout-scheduler)
#
# Needs the package's dependencies checked out (`swift build` once) for Yams, hyperfine, libcurl's headers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-/usr/bin/lookout-scheduler}
yams="$root/.build/checkouts/Yams"
[ -d "$yams" ] || { echo "binary-floors: $yams is missing: run 'swift build' first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "binary-floors: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
work=$(mktemp -d /tmp/binary-floors.XXXXXX)
trap 'rm -rf "$work"' EXIT

one() { # name, imports and body of a one-file program
    local name=$1 source=$2
    printf '%s\n' "$source" > "$work/$name.swift"
    swiftc -O -static-stdlib "$work/$name.swift" -o "$work/$name.full" 2>/dev/null
    strip -o "$work/$name" "$work/$name.full"
}
one swift-only 'print("0.1.0")'
one essentials 'import FoundationEssentials
print(String(decoding: try! JSONEncoder().encode([1]), as: UTF8.self))'
one foundation-format 'import Foundation
print(String(format: "%.1f", 0.1))'
one foundation-xml 'import Foundation
import FoundationXML
print(XMLParser(data: Data("<a/>".utf8)).parse())'

# Yams (as the rule file reads it), then Yams with libcurl and libxml2 (FoundationXML's parser) linked as the tool links them.
package() { # name, extra targets, extra dependency, body, extra linker settings
    local dir="$work/floor-$1"   # not "yams": a root package may not share its dependency's identity
    mkdir -p "$dir/Sources/$1"
    cat > "$dir/Package.swift" <<EOF
// swift-tools-version: 6.1
import PackageDescription
let package = Package(name: "floor-$1", dependencies: [.package(path: "$yams")],
    targets: [$2 .executableTarget(name: "$1", dependencies: [.product(name: "Yams", package: "Yams")$3], linkerSettings: [${5:-}])])
EOF
    printf '%s\n' "$4" > "$dir/Sources/$1/main.swift"
    (cd "$dir" && swift build -c release --static-swift-stdlib >"$work/$1.log" 2>&1) ||
        { cat "$work/$1.log" >&2; echo "binary-floors: the build of $1 failed" >&2; exit 1; }
    strip -o "$work/$1" "$dir/.build/release/$1"
}
body='import Yams
if CommandLine.arguments.count > 1 {
    let node = try! Yams.compose(yaml: "version: 1\nschedules:\n  office:\n    timezone: Europe/Paris\n    windows:\n      - {days: mon-fri, from: \"08:00\", to: \"18:00\"}\n")
    print(node != nil)
} else { print("0.1.0") }'
package yams "" "" "$body"
mkdir -p "$work/floor-yamscurl/Sources/CCurlFloor"
printf 'module CCurlFloor [system] { header "shim.h" link "curl" export * }\n' > "$work/floor-yamscurl/Sources/CCurlFloor/module.modulemap"
printf '#include <curl/curl.h>\n' > "$work/floor-yamscurl/Sources/CCurlFloor/shim.h"
package yamscurl '.systemLibrary(name: "CCurlFloor", pkgConfig: "libcurl"),' ', "CCurlFloor"' "import CCurlFloor
$body
if CommandLine.arguments.count > 2 { curl_global_init(0) }" '.linkedLibrary("xml2")'

rules="$root/schedules/minimal.yaml"
"$tool" validate --rules "$rules" >/dev/null

printf '%-34s %10s %8s\n' program "MiB" "libs"
for b in swift-only essentials foundation-format foundation-xml yams yamscurl; do
    printf '%-34s %10.1f %8d\n' "$b" "$(echo "$(stat -c %s "$work/$b") / 1048576" | bc -l)" "$(ldd "$work/$b" | wc -l)"
done
printf '%-34s %10.1f %8d\n' "$(basename "$tool")" "$(echo "$(stat -c %s "$tool") / 1048576" | bc -l)" "$(ldd "$tool" | wc -l)"

hyperfine -N --warmup 20 --runs "${ROUNDS:-200}" --export-json "$work/times.json" /bin/true \
    "$work/swift-only" "$work/essentials" "$work/foundation-format" "$work/foundation-xml" \
    "$work/yams" "$work/yams parse" "$work/yamscurl" "$work/yamscurl parse" \
    "$tool --version" "$tool validate --rules $rules" >/dev/null
python3 - "$work/times.json" "$work" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = results[0]
print("%-40s %9s %7s %14s %7s" % ("command", "median", "ratio", "user+system", "ratio"))
for r in results:
    cpu, floor_cpu = r["user"] + r["system"], floor["user"] + floor["system"]
    print("%-40s %7.2f ms %6.1fx %11.2f ms %6.1fx" % (r["command"].replace(sys.argv[2] + "/", ""),
          r["median"] * 1000, r["median"] / floor["median"], cpu * 1000, cpu / floor_cpu))
EOF
