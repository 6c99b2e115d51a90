#!/usr/bin/env bash
# scripts/deb-build.sh [OUT] -- build the Debian packages (debian/: php-acq-db,
# phpX.Y-acq-db, acq-db-admin) from this checkout with dpkg-buildpackage,
# outside the tree (a copy without .git, so the checkout stays clean), run
# lintian over them, and leave in OUT (default /tmp/acq_db-debs):
#   *.deb          the packages (and their -dbgsym debug symbols)
#   lintian.txt    lintian --pedantic -I -E over the .changes
#   sizes.txt      each package's file size and Installed-Size
#   build.log      dpkg-buildpackage's output
# Needs the build dependencies (`apt-get build-dep ./`), and lintian for the
# check (skipped when it is not installed); exits non-zero if the build fails
# or lintian reports an error. tests/check-deb.sh
# runs it in a fresh chroot of each release (scripts/chroot-test.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-/tmp/acq_db-debs}" && cd "${1:-/tmp/acq_db-debs}" && pwd)
work=$(mktemp -d /tmp/acq_db-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
tar -C "$root" --exclude=./.git -cf - . | tar -C "$work/src" -xf -
start=$(date +%s)
if ! (cd "$work/src" && dpkg-buildpackage -b -uc -us -j2) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "deb-build: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
fi
echo "deb-build: dpkg-buildpackage $(( $(date +%s) - start ))s"
cp "$work"/*.deb "$out"/
for d in "$out"/*.deb; do
	printf '%-44s %7s bytes, Installed-Size %5s KiB\n' "$(basename "$d")" "$(stat -c %s "$d")" \
		"$(dpkg-deb -f "$d" Installed-Size)"
done | tee "$out/sizes.txt"
if ! command -v lintian >/dev/null; then
	echo "deb-build: lintian is not installed: not run (apt-get install lintian)"
	exit 0
fi
rc=0
# lintian warns when it runs as root; the findings follow on stdout
(cd "$work" && lintian --pedantic -I -E --show-overrides --color never ./*.changes) >"$out/lintian.txt" 2>"$work/lintian.err" || rc=$?
grep -v 'running with root privileges' "$work/lintian.err" >&2 || true
echo "deb-build: lintian $(lintian --version | awk '{print $2}') (exit $rc):"
sed 's/^/  /' "$out/lintian.txt"
[ -s "$out/lintian.txt" ] || echo "  (no tags)"
if grep -q '^E: ' "$out/lintian.txt" || [ $rc != 0 ]; then
	echo "deb-build: lintian reports errors" >&2
	exit 1
fi
