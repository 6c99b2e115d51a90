#!/usr/bin/env bash
# The Debian packages, end to end, for each release (default: bookworm and
# trixie), the way an operator gets them:
#  1. a fresh chroot of the release (scripts/chroot-test.sh, debootstrapped
#     from this machine's mirror) installs only the build dependencies
#     (apt-get build-dep) and lintian, and builds the packages of the
#     committed tree with scripts/deb-build.sh: lintian must report no error;
#  2. a second fresh chroot gets the .debs and PHP (cli, fpm, mysql) plus
#     what the drill needs, and tests/deb-installed.sh checks there, without
#     a build tree: `apt-get install ./*.deb` under a running php-fpm, the
#     extension in CLI and FPM, acq-db-admin --version, man page and plugin,
#     the short drill on the installed extension, then upgrade, reinstall and
#     remove keeping the operator's INI edits and the election file.
#   tests/check-deb.sh [--cache DIR] [bookworm|trixie ...]
# --cache DIR (or $ACQ_DB_CI_CHROOT_CACHE) keeps the debootstrapped bases
# between runs; without it each release is debootstrapped once per run (the
# second chroot unpacks the first one's base, still a fresh system).
# Inside a chroot of scripts/chroot-test.sh (the CI's trixie stage) there is
# no network for debootstrap: the suite says so and passes, as the host
# stage builds and installs both releases.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cache=${ACQ_DB_CI_CHROOT_CACHE:-}
if [ "${1:-}" = --cache ]; then cache=$2; shift 2; fi
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie)
if [ -n "${ACQ_DB_CHROOT_TEST:-}" ]; then
	echo "check-deb: inside a $ACQ_DB_CHROOT_TEST chroot of scripts/chroot-test.sh (no network): the host stage builds and installs the packages of both releases; skipped here"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "check-deb: run as root (debootstrap, chroot)" >&2; exit 1; }
work=$(mktemp -d /var/tmp/acq_db-check-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "$cache" ] || cache=$work/cache

# the build chroot: only what debian/control asks for, and lintian
build_deps='export DEBIAN_FRONTEND=noninteractive
apt-get -o Acquire::Retries=3 update -qq
apt-get install -y -qq --no-install-recommends build-essential lintian >/dev/null
apt-get build-dep -y -qq --no-install-recommends ./ >/dev/null
echo "build dependencies: PHP $(php-config --version), $(dpkg-query -W -f "\${Package} \${Version}" dh-php), lintian $(dpkg-query -W -f "\${Version}" lintian)"'
# the install chroot: a PHP site (cli, fpm, mysql), bash-completion, and
# what the short drill runs (MariaDB, GlusterFS, nginx, gnuplot); the packages themselves are
# installed by tests/deb-installed.sh, offline, under the running php-fpm
run_deps='export DEBIAN_FRONTEND=noninteractive
apt-get -o Acquire::Retries=3 update -qq
apt-get install -y -qq --no-install-recommends php-cli php-fpm php-mysql mariadb-server mariadb-client \
	glusterfs-server glusterfs-client nginx gnuplot-nox procps iproute2 psmisc util-linux hostname bash-completion >/dev/null
echo "site: PHP $(php-config --version 2>/dev/null || php -r "echo PHP_VERSION;"), $(nginx -v 2>&1)"'

declare -A took=()
failed=()
for suite in "${suites[@]}"; do
	t0=$(date +%s)
	echo "=== check-deb $suite: build ==="
	if ! scripts/chroot-test.sh --cache "$cache" --deps "$build_deps" --copy-out "$work/$suite" "$suite" \
		scripts/deb-build.sh /root/out; then
		failed+=("$suite (build)")
		took[$suite]="build FAILED after $(( $(date +%s) - t0 ))s"
		continue
	fi
	t1=$(date +%s)
	mkdir -p "$work/$suite-debs"
	cp "$work/$suite"/*.deb "$work/$suite-debs/"
	echo "=== check-deb $suite: install, drill, upgrade, reinstall, remove ==="
	if ! scripts/chroot-test.sh --cache "$cache" --deps "$run_deps" --copy-in "$work/$suite-debs" "$suite" \
		tests/deb-installed.sh /root/in; then
		failed+=("$suite (installed)")
	fi
	took[$suite]="build $((t1 - t0))s, install and checks $(( $(date +%s) - t1 ))s"
	echo "--- $suite: package sizes"
	cat "$work/$suite/sizes.txt"
	echo "--- $suite: lintian"
	if [ -s "$work/$suite/lintian.txt" ]; then cat "$work/$suite/lintian.txt"; else echo "(no tags)"; fi
done
echo "=== check-deb summary ==="
for suite in "${suites[@]}"; do echo "$suite: ${took[$suite]:-not run}"; done
if [ ${#failed[@]} -gt 0 ]; then
	echo "check-deb: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "check-deb: ok (${suites[*]})"
