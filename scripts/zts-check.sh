#!/usr/bin/env bash
# scripts/zts-check.sh -- the ZTS (thread-safe PHP) compile check: builds
# acq_db with the phpize of a ZTS PHP, fails on any compiler warning, loads
# it, and runs the API .phpt tests (tests/run-phpt.sh) on that PHP. Debian
# ships only NTS PHP, so the ZTS PHP is built here, once, from Debian's own
# source package of the installed PHP version (the pristine upstream tarball
# in it: `apt-get source --download-only phpX.Y`, through a temporary deb-src
# entry), with a minimal set of extensions, and kept in PREFIX for later runs.
#
#   scripts/zts-check.sh [--prefix DIR] [--source PHP-TARBALL]
#       --prefix  where the ZTS PHP is kept (default /var/cache/acq_db-zts/php-X.Y.Z)
#       --source  build from this PHP source tarball (php-X.Y.Z.tar.xz from
#                 php.net, or a Debian phpX.Y_X.Y.Z.orig.tar.xz) instead of
#                 downloading Debian's source package: for mirrors that serve
#                 no source packages
#
# As root (apt). Takes a few minutes the first time (PHP's build), seconds
# after. Meant for a throw-away machine or chroot, which
# needs the network for the source download, so there it runs with
#   scripts/chroot-test.sh --host-net trixie scripts/zts-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
log() { printf 'zts-check: %s\n' "$*"; }
die() { log "error: $*" >&2; exit 1; }

ver=$(php-config --version 2>/dev/null) || die "php-config is missing (scripts/install-deps.sh)"
prefix=/var/cache/acq_db-zts/php-$ver
tarball=""
while [ $# -gt 0 ]; do
	case $1 in
	--prefix) prefix=${2:?--prefix needs a directory}; shift ;;
	--source) tarball=$(realpath "${2:?--source needs a PHP source tarball}"); shift ;;
	*) echo "usage: $0 [--prefix DIR] [--source PHP-TARBALL]" >&2; exit 2 ;;
	esac
	shift
done
[ -z "$tarball" ] || [ -f "$tarball" ] || die "$tarball does not exist"
minor=${ver%.*}

# zts_download_source DIR LIST: download Debian's source package of the
# installed PHP branch into DIR through a temporary deb-src list LIST, and
# print the path of the upstream tarball in it.
zts_download_source() {
	local src=$1 list=$2 v got="" orig
	# the deb-src twin of every deb822 entry of this machine, for the download only
	local sources=() f
	for f in /etc/apt/sources.list.d/*.sources; do [[ $f == *acq_db-zts-src* ]] || sources+=("$f"); done
	awk 'FNR == 1 && NR > 1 { print "" } tolower($1) == "types:" { $0 = "Types: deb-src" } { print }' \
		"${sources[@]}" >"$list"
	log "apt-get update (with deb-src) and the source of php$minor $ver" >&2
	apt-get -qq update >&2
	chmod 0755 "$src" # apt's _apt user downloads into it
	# the installed version's source first; if the mirror lacks it (a
	# snapshot mirror may not carry the security pool), any other version of
	# the same PHP branch that it has: the check is about the ZTS API
	for v in "" $(apt-cache showsrc "php$minor" 2>/dev/null | awk '/^Version:/ { print $2 }'); do
		if (cd "$src" && apt-get -qq source --download-only "php$minor${v:+=$v}" >"$src/source.log" 2>&1); then
			got=${v:-the candidate}
			break
		fi
		log "apt-get source php$minor${v:+=$v} failed: $(grep -m1 '^E:' "$src/source.log" || true)" >&2
	done
	rm -f "$list"
	[ -n "$got" ] || die "no source of php$minor could be downloaded (a mirror without source packages? use --source)"
	log "source of php$minor: $got" >&2
	orig=$(ls "$src"/php"$minor"_*.orig.tar.* 2>/dev/null | head -n 1)
	[ -n "$orig" ] || die "no upstream tarball in the php$minor source package"
	printf '%s\n' "$orig"
}

# 1. a ZTS PHP of the same version, built once
if [ -x "$prefix/bin/php" ] && "$prefix/bin/php" -n -r 'exit(PHP_ZTS ? 0 : 1);'; then
	log "reusing the ZTS PHP in $prefix"
else
	[ "$(id -u)" = 0 ] || die "run as root (apt-get source, $prefix)"
	src=$(mktemp -d /tmp/acq_db-zts-src.XXXXXX)
	list=/etc/apt/sources.list.d/acq_db-zts-src.sources
	trap 'rm -rf "$src"; rm -f "$list"' EXIT
	orig=${tarball:-$(zts_download_source "$src" "$list")} || exit 1
	tar -C "$src" -xf "$orig"
	dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'php-*' | head -n 1)
	[ -n "$dir" ] || dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	log "building PHP $ver with --enable-zts into $prefix (minimal: mysqlnd, pdo_mysql, mysqli, posix, pcntl)"
	t0=$(date +%s)
	(
		cd "$dir"
		./configure --prefix="$prefix" --enable-zts --disable-all --disable-cgi --disable-phpdbg \
			--enable-mysqlnd --enable-pdo --with-pdo-mysql=mysqlnd --with-mysqli=mysqlnd \
			--enable-posix --enable-pcntl >"$src/configure.log" 2>&1 ||
			{ tail -n 30 "$src/configure.log" >&2; exit 1; }
		make -j"$(nproc)" >"$src/make.log" 2>&1 || { tail -n 30 "$src/make.log" >&2; exit 1; }
		make install >"$src/install.log" 2>&1 || { tail -n 30 "$src/install.log" >&2; exit 1; }
	) || die "building the ZTS PHP failed (log above)"
	log "ZTS PHP built in $(( $(date +%s) - t0 ))s"
	rm -rf "$src"
	trap - EXIT
fi
"$prefix/bin/php" -n -r 'exit(PHP_ZTS ? 0 : 1);' || die "$prefix/bin/php is not ZTS"

# 2. acq_db with that phpize, in a copy of the committed tree
build=$(mktemp -d /tmp/acq_db-zts-build.XXXXXX)
trap 'rm -rf "$build"' EXIT
git -C "$root" archive HEAD | tar -C "$build" -x
cd "$build"
"$prefix/bin/phpize" >/dev/null
./configure --with-php-config="$prefix/bin/php-config" --enable-acq_db >configure.log 2>&1 ||
	{ tail -n 30 configure.log >&2; die "configure failed"; }
make -j"$(nproc)" >make.log 2>&1 || { grep -E 'error|warning' make.log >&2; die "make failed"; }
if grep -q 'warning:' make.log; then
	grep 'warning:' make.log >&2
	die "compiler warnings in the ZTS build"
fi
log "acq_db built against ZTS PHP $("$prefix/bin/php" -n -r 'echo PHP_VERSION;') without a warning"

# 3. the API tests on it (connect/ needs MariaDB and is not run here)
TEST_PHP_EXECUTABLE=$prefix/bin/php ACQ_DB_SO=$build/modules/acq_db.so tests/run-phpt.sh
log "ok"
