#!/usr/bin/env bash
# Installs the Debian package on a fresh minimal Debian 12 and runs the binary there: a root made
# with `debootstrap --variant=minbase bookworm` (Debian's own package set, nothing of this host's),
# the .deb installed with `apt-get install ./x.deb` inside a chroot (so apt resolves `Depends`
# from Debian's archive), then `--version`, `validate` on the shipped example and `demo`, as root
# and as an unprivileged user. A library the binary links but `Depends` does not bring fails here.
#
#   scripts/fresh-host-test.sh .build/lookout-scheduler_VERSION_ARCH.deb
#
# Needs root (debootstrap, chroot, mount) and Debian's mirror (MIRROR, default deb.debian.org).
# FRESH_HOST_CACHE=DIR keeps debootstrap's downloaded packages between runs. /proc and /dev are
# mounted into the root and unmounted on every path out, failures included; the root is removed
# only once nothing is mounted in it (rm --one-file-system besides).
set -euo pipefail
deb=${1:?usage: scripts/fresh-host-test.sh PACKAGE.deb}
[ -f "$deb" ] || { echo "fresh-host-test: no package at $deb" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "fresh-host-test: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-host-test: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
mirror=${MIRROR:-http://deb.debian.org/debian}
started=$(date +%s)

root=$(mktemp -d /var/tmp/lookout-fresh-host.XXXXXX)
chmod 0755 "$root"
mounted=()
cleanup() {
  local status=$? m i
  # Unmount in reverse order; lazily if busy, so that nothing is left mounted in the root.
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    m=${mounted[$i]}
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "fresh-host-test: could not unmount $m" >&2
  done
  if grep -q " $root/" /proc/self/mounts; then
    echo "fresh-host-test: something is still mounted under $root; leaving it in place" >&2
  else
    rm -rf --one-file-system "$root"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cache=()
if [ -n "${FRESH_HOST_CACHE:-}" ]; then
  mkdir -p "$FRESH_HOST_CACHE"
  cache=(--cache-dir="$(readlink -f "$FRESH_HOST_CACHE")")
fi
echo "fresh-host-test: [$(( $(date +%s) - started )) s] debootstrap --variant=minbase bookworm into $root"
debootstrap --variant=minbase "${cache[@]}" bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
  tail -20 "$root.debootstrap.log" >&2; rm -f "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"

mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
# apt logs its maintainer scripts' output through a pseudo-terminal when it can.
if mountpoint -q /dev/pts; then mount --bind /dev/pts "$root/dev/pts" && mounted+=("$root/dev/pts"); fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/lookout-scheduler.deb"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

echo "fresh-host-test: [$(( $(date +%s) - started )) s] apt-get install ./lookout-scheduler.deb (Depends: $(dpkg-deb -f "$deb" Depends))"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/lookout-scheduler.deb >/dev/null

echo "fresh-host-test: [$(( $(date +%s) - started )) s] the installed binary, as root"
in_root lookout-scheduler --version
in_root lookout-scheduler validate --rules /usr/share/lookout-scheduler/schedules/example.yaml >"$root/tmp/validate-root.out" 2>&1
cat "$root/tmp/validate-root.out"
# The zone rules come from the host's tzdata (a Depends), not from the binary's own copy.
grep -q "^  time zones: tzdata .* from /usr/share/zoneinfo$" "$root/tmp/validate-root.out"
if grep -q "no zone files" "$root/tmp/validate-root.out"; then echo "fresh-host-test: the built-in zone data was used" >&2; exit 1; fi
in_root lookout-scheduler demo --directory /root/demo >"$root/tmp/demo-root.out"
grep -q "hash chain: intact" "$root/tmp/demo-root.out"
[ -f "$root/usr/share/zoneinfo/Europe/Berlin" ] \
  || { echo "fresh-host-test: tzdata's zone files are not installed" >&2; exit 1; }
[ -s "$root/etc/ssl/certs/ca-certificates.crt" ] \
  || { echo "fresh-host-test: no CA certificates for HTTPS to AWS (ca-certificates)" >&2; exit 1; }

# The package's description and its man page name every service the tool manages.
for service in "Amazon Lookout for Vision" "Amazon Rekognition Custom Labels"; do
  dpkg-deb -f "$deb" Description | tr '\n' ' ' | tr -s ' ' | grep -q "$service" \
    || { echo "fresh-host-test: the package's description does not name $service" >&2; exit 1; }
  zcat "$root/usr/share/man/man1/lookout-scheduler.1.gz" | tr '\n' ' ' | tr -s ' ' | grep -q "$service" \
    || { echo "fresh-host-test: the man page does not name $service" >&2; exit 1; }
done

echo "fresh-host-test: [$(( $(date +%s) - started )) s] the installed binary, as an unprivileged user"
in_root useradd --create-home --shell /bin/sh tester
uid=$(in_root id -u tester) gid=$(in_root id -g tester)
chroot --userspec="$uid:$gid" --groups="$gid" "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/tester LANG=C.UTF-8 \
  sh -c 'lookout-scheduler --version && lookout-scheduler validate --rules /usr/share/lookout-scheduler/schedules/example.yaml && lookout-scheduler demo --directory "$HOME/demo"' \
  >"$root/tmp/demo-user.out"
grep -q "hash chain: intact" "$root/tmp/demo-user.out"
[ "$(stat -c %a "$root/var/log/lookout-scheduler")" = 700 ]

echo "fresh-host-test: passed on a fresh Debian 12 minbase in $(( $(date +%s) - started )) s"
