#!/usr/bin/env bash
# Builds the Debian package of lookout-scheduler: .build/lookout-scheduler_VERSION_ARCH.deb.
#
#   scripts/package.sh            # release build with the Swift runtime linked statically, then the package
#   SKIP_BUILD=1 scripts/package.sh   # reuse .build/release/lookout-scheduler
#
# Contents: the binary in /usr/bin; the man page (swift-argument-parser's generate-manual plugin)
# and the bash, zsh and fish completions (`--generate-completion-script`), both generated from the
# command-line definitions; examples/ and schedules/ under /usr/share/lookout-scheduler; the systemd
# service and timer from examples/ (installed, not enabled); /var/log/lookout-scheduler, mode 0700.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  swift build -c release --static-swift-stdlib --product lookout-scheduler
fi
bin=.build/release/lookout-scheduler
scripts/check-static.sh "$bin"

version=$("$bin" --version | awk '{print $NF}')
arch=$(dpkg --print-architecture)
# A scratch source tree laid out as dpkg-shlibdeps expects: debian/control, and the package's root
# at debian/lookout-scheduler (with its DEBIAN directory) holding the binary it analyses.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/debian/lookout-scheduler"
mkdir -p "$root/DEBIAN"
chmod 0755 "$work" "$work/debian" "$root"

install -D -m 0755 "$bin" "$root/usr/bin/lookout-scheduler"
strip --strip-unneeded "$root/usr/bin/lookout-scheduler"

# The man page, from the command definitions (the plugin builds the package's executables in
# debug mode, which `swift test` has already done, and runs its generate-manual tool on them).
swift package plugin generate-manual --configuration debug --authors "the lookout-scheduler authors" >/dev/null
man=$(find .build/plugins -path '*GenerateManual*' -name lookout-scheduler.1 | head -1)
[ -n "$man" ] || { echo "package.sh: the generate-manual plugin made no lookout-scheduler.1" >&2; exit 1; }
install -D -m 0644 "$man" "$root/usr/share/man/man1/lookout-scheduler.1"
gzip -9n "$root/usr/share/man/man1/lookout-scheduler.1"

# Shell completions, from the binary itself.
mkdir -p "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
"$bin" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/lookout-scheduler"
"$bin" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_lookout-scheduler"
"$bin" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/lookout-scheduler.fish"

# Examples and sample rules.
share="$root/usr/share/lookout-scheduler"
mkdir -p "$share"
cp -r examples schedules "$share/"
install -D -m 0644 README.md "$root/usr/share/doc/lookout-scheduler/README.md"

# systemd units from examples/, pointing at the packaged binary; installed, not enabled.
units="$root/usr/lib/systemd/system"
mkdir -p "$units"
sed 's#/usr/local/bin/lookout-scheduler#/usr/bin/lookout-scheduler#' examples/lookout-scheduler.service >"$units/lookout-scheduler.service"
cp examples/lookout-scheduler.timer "$units/lookout-scheduler.timer"
chmod 0644 "$units"/*

# The audit log's directory for root runs: owner-only.
install -d -m 0700 "$root/var/log/lookout-scheduler"
chmod -R u+rwX,go+rX,go-w "$root/usr"

# Runtime libraries: computed from the binary by dpkg-shlibdeps (dpkg-dev), which maps each
# DT_NEEDED library to the Debian package and minimum version that provides its symbols. It reads
# debian/control and finds the binary in the package's root (see above). tzdata besides: the
# evaluator reads the host's zone files (/usr/share/zoneinfo); and ca-certificates: libcurl
# verifies AWS's TLS certificates against /etc/ssl/certs. Neither shows in a library link.
printf 'Source: lookout-scheduler\nMaintainer: lookout-scheduler maintainers <lookout-scheduler@localhost>\n\nPackage: lookout-scheduler\nArchitecture: any\n' >"$work/debian/control"
libs=$(cd "$work" && dpkg-shlibdeps -O -e debian/lookout-scheduler/usr/bin/lookout-scheduler 2>"$work/shlibdeps.log") || {
  cat "$work/shlibdeps.log" >&2; echo "package.sh: dpkg-shlibdeps failed" >&2; exit 1; }
libs=${libs#shlibs:Depends=}
[ -n "$libs" ] || { echo "package.sh: dpkg-shlibdeps found no libraries" >&2; exit 1; }
depends="$libs, tzdata, ca-certificates"
cat >"$root/DEBIAN/control" <<EOF
Package: lookout-scheduler
Version: $version
Architecture: $arch
Maintainer: lookout-scheduler maintainers <lookout-scheduler@localhost>
Section: admin
Priority: optional
Depends: $depends
Installed-Size: $(du -sk "$root" | cut -f1)
Description: stops Lookout for Vision and Rekognition Custom Labels models off-hours
 Manages the models of Amazon Lookout for Vision and Amazon Rekognition Custom
 Labels: reads a YAML rule file of hosting windows, and stops every hosted model
 that is outside its windows, recording each action in a hash-chained audit log.
 Ships a systemd service and timer (not enabled: systemctl enable --now
 lookout-scheduler.timer), sample rules and examples in /usr/share/lookout-scheduler.
EOF
# A system user for the service (User=lookout-scheduler); the units are not enabled.
cat >"$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  if ! getent passwd lookout-scheduler >/dev/null; then
    useradd --system --no-create-home --home-dir /var/lib/lookout-scheduler --shell /usr/sbin/nologin lookout-scheduler
  fi
  chmod 0700 /var/log/lookout-scheduler
fi
exit 0
EOF
chmod 0755 "$root/DEBIAN/postinst"

out=".build/lookout-scheduler_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "package.sh: Depends: $depends" >&2
echo "$out"
