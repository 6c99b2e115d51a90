#!/usr/bin/env bash
# scripts/chroot-test.sh -- run a README command in a fresh Debian chroot, the
# way a new user on a fresh machine would: debootstrap SUITE from the mirror in
# this machine's apt sources, git-clone the committed tree of this checkout
# into it, install the packages with scripts/install-deps.sh, then run COMMAND
# (default: tests/run-all.sh, the README's test command) as root in the clone.
#
#   scripts/chroot-test.sh [--cache DIR] [--keep] [--host-net] [--deps CMD]
#                          [--copy-in DIR] [--copy-out DIR] bookworm|trixie [COMMAND...]
#
#   --cache DIR  keep the debootstrapped base system as DIR/SUITE-base.tar and
#                unpack it on later runs instead of running debootstrap again
#                (local convenience; CI runs without it, from scratch)
#   --keep       leave the chroot directory behind (it is printed)
#   --host-net   COMMAND shares the host's network (for a COMMAND that
#                downloads, such as scripts/zts-check.sh; it must then not
#                start servers on ports the host uses)
#   --deps CMD   the package stage runs CMD (in the clone, host network)
#                instead of scripts/install-deps.sh: a chroot that builds or
#                installs the Debian packages (tests/check-deb.sh) needs
#                other packages than the test suites
#   --copy-in DIR   copy DIR's files into the chroot's /root/in before the
#                package stage
#   --copy-out DIR  after COMMAND, copy the files COMMAND left in the
#                chroot's /root/out to DIR (also when COMMAND failed)
#
# COMMAND sees ACQ_DB_CHROOT_TEST=SUITE in its environment.
#
# Isolation: everything in the chroot runs in fresh PID, mount, UTS and IPC
# namespaces (unshare), so nothing it starts can see or signal host
# processes, and every mount it makes (/proc, /sys, /dev, /dev/pts, /dev/shm,
# GlusterFS FUSE mounts) exists only in that mount namespace. COMMAND also
# runs in a fresh network namespace with only its own loopback: MariaDB,
# glusterd, php-fpm and nginx get their own port space and cannot collide with
# servers on the host (so no heavy-run lock is needed). Only the package
# install stage shares the host's network, because apt needs the mirror.
# When a namespace's first process exits the kernel kills whatever is left in
# it and its mounts go away; the host side then removes the chroot directory
# (refusing to if anything is still mounted below it). Services stay down
# during the install: /usr/sbin/policy-rc.d in the chroot exits 101.
#
# Prints the wall time of each stage; exits with COMMAND's exit status (or 1
# when a stage before it failed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="" keep=0 cmd_net=isolated deps=scripts/install-deps.sh copy_in="" copy_out=""
while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=$2; shift ;;
	--keep) keep=1 ;;
	--host-net) cmd_net=shared ;;
	--deps) deps=$2; shift ;;
	--copy-in) copy_in=$2; shift ;;
	--copy-out) copy_out=$2; shift ;;
	-h | --help) sed -n '2,44p' "$0"; exit 0 ;;
	-*) echo "chroot-test: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
suite=${1:-}
case $suite in
bookworm | trixie) shift ;;
*) echo "usage: $0 [--cache DIR] [--keep] [--host-net] [--deps CMD] [--copy-in DIR] [--copy-out DIR] bookworm|trixie [COMMAND...]" >&2; exit 2 ;;
esac
command=${*:-tests/run-all.sh}

log() { printf '[chroot-test %s %s] %s\n' "$suite" "$(date -u +%T)" "$*"; }
die() { log "error: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and unshare need it)"

# The mirror of this machine's Debian sources: deb822 first, then the
# one-line format, then Debian's default.
acq_db_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		uri=$(awk 'tolower($1) == "uris:" && $2 !~ /security/ { print $2; exit }' "$f")
		[ -n "$uri" ] && { echo "$uri"; return; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
		[ -n "$uri" ] && { echo "$uri"; return; }
	done
	echo http://deb.debian.org/debian
}
mirror=$(acq_db_mirror)
security=${mirror%/debian}/debian-security
[ "$security" != "$mirror/debian-security" ] || security=http://deb.debian.org/debian-security

# Only committed work is tested: the clone is of HEAD.
head=$(git -C "$root" rev-parse HEAD) || die "$root is not a git checkout"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
	log "note: $root has uncommitted changes; they are NOT tested (the chroot gets commit $head)"
fi

for c in debootstrap unshare chroot git; do
	command -v "$c" >/dev/null 2>&1 && continue
	[ "$c" = debootstrap ] || die "$c is missing"
	log "installing debootstrap on the host"
	# a fresh machine may have no package lists yet: update once if needed
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >/dev/null 2>&1 || {
		apt-get update >/dev/null &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >/dev/null
	} || die "apt-get install debootstrap failed"
done

dir=$(mktemp -d /var/tmp/acq_db-chroot-"$suite".XXXXXX)
ns_pid=""
cleanup() {
	local rc=$? left
	set +e
	if [ -n "$ns_pid" ] && kill -0 "$ns_pid" 2>/dev/null; then
		kill -TERM "$ns_pid" 2>/dev/null
		wait "$ns_pid" 2>/dev/null
	fi
	left=$(findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d "/") == 1 || $0 == d')
	if [ -n "$left" ]; then
		log "error: still mounted below $dir, NOT removing it:" >&2
		printf '  %s\n' $left >&2
		exit 1
	fi
	if [ $keep = 1 ]; then
		log "kept $dir"
	else
		rm -rf --one-file-system "$dir"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stage_start=0
stage() { stage_start=$(date +%s); log "== $1"; }
stage_done() { log "== $1: $(( $(date +%s) - stage_start ))s"; }

# in_ns NET: run stdin's script in fresh PID/mount/UTS/IPC namespaces (plus a
# fresh network namespace when NET is "isolated"), with the chroot's /proc,
# /sys, /dev, /dev/pts and /dev/shm mounted inside the mount namespace only.
# --kill-child: if this script dies, the namespace's init (and with it every
# process in the namespace) is killed.
in_ns() {
	local net=() inner
	[ "$1" = isolated ] && net=(--net)
	inner=$(cat)
	unshare --pid --mount --uts --ipc "${net[@]}" --propagation private --kill-child -- \
		bash -euo pipefail -c '
		d=$1; shift
		# the chroot'"'"'s / a mount point of its own: "ip netns exec" (the
		# partition tests) remounts / as a slave and fails on a plain directory
		mount --bind "$d" "$d"
		mount -t proc proc "$d/proc"
		mount -t sysfs sysfs "$d/sys"
		mount --bind /dev "$d/dev"
		mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$d/dev/pts"
		mount -t tmpfs -o mode=1777 tmpfs "$d/dev/shm"
		hostname acq-ci-'"$suite"'
		ip link set lo up 2>/dev/null || true
		exec chroot "$d" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 ACQ_DB_CHROOT_TEST='"$suite"' \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			/bin/bash -euo pipefail -c "$1"' acq_db-ns "$dir" "$inner" &
	ns_pid=$!
	local rc=0
	wait "$ns_pid" || rc=$?
	ns_pid=""
	return $rc
}

total_start=$(date +%s)
stage "base system ($suite from $mirror)"
if [ -n "$cache" ] && [ -s "$cache/$suite-base.tar" ]; then
	log "unpacking cached $cache/$suite-base.tar"
	tar -C "$dir" -xpf "$cache/$suite-base.tar"
else
	# its own mount and PID namespaces: whatever debootstrap mounts in the
	# target, and any process a maintainer script leaves, goes away with them
	unshare --pid --mount --fork --mount-proc --propagation private -- \
		debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 || {
		tail -n 30 "$dir.debootstrap.log" >&2
		rm -f "$dir.debootstrap.log"
		die "debootstrap $suite failed (log above)"
	}
	rm -f "$dir.debootstrap.log"
	if [ -n "$cache" ]; then
		mkdir -p "$cache"
		tar -C "$dir" -cpf "$cache/$suite-base.tar.part" . && mv "$cache/$suite-base.tar.part" "$cache/$suite-base.tar"
		log "cached the base system as $cache/$suite-base.tar"
	fi
fi
# a root file system is 0755 (mktemp made 0700, and a cached tar keeps that):
# apt's _apt user and the tests' unprivileged users (nobody) must get in
chmod 0755 "$dir"
stage_done "base system"

stage "configure the chroot, clone $head"
cat >"$dir/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
rm -f "$dir/etc/apt/sources.list"
cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
echo "acq-ci-$suite" >"$dir/etc/hostname"
# GlusterFS bricks are named by host name (tests/lib/gluster.sh): it must
# resolve inside the network namespace, where only loopback exists
printf '127.0.0.1\tlocalhost\n127.0.1.1\tacq-ci-%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$suite" >"$dir/etc/hosts"
# services must not start while packages are installed
printf '#!/bin/sh\n# from acq_db scripts/chroot-test.sh: no service starts in this chroot\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
chmod 0755 "$dir/usr/sbin/policy-rc.d"
git clone -q --no-hardlinks "$root" "$dir/root/acq_db"
git -C "$dir/root/acq_db" -c advice.detachedHead=false checkout -q --detach "$head"
if [ -n "$copy_in" ]; then
	mkdir -p "$dir/root/in"
	cp -a "$copy_in"/. "$dir/root/in/"
	log "copied $copy_in into the chroot's /root/in"
fi
stage_done "configure"

stage "packages ($([ "$deps" = scripts/install-deps.sh ] && echo "$deps" || echo "--deps: $(head -n 1 <<<"$deps")..."), host network)"
if [ "$deps" = scripts/install-deps.sh ]; then
	in_ns shared <<'SCRIPT' || die "scripts/install-deps.sh failed in the $suite chroot"
cd /root/acq_db
. /etc/os-release
echo "chroot: $PRETTY_NAME"
scripts/install-deps.sh
echo "versions: PHP $(php-config --version), MariaDB $(mariadbd --version | awk '{print $3}'), $(glusterd --version | head -1), $(nginx -v 2>&1), $(haproxy -v | head -1)"
SCRIPT
else
	in_ns shared <<SCRIPT || die "$deps failed in the $suite chroot"
cd /root/acq_db
. /etc/os-release
echo "chroot: \$PRETTY_NAME"
$deps
SCRIPT
fi
stage_done "packages"

stage "$command ($([ $cmd_net = isolated ] && echo 'own network namespace' || echo "the host's network"))"
rc=0
in_ns "$cmd_net" <<SCRIPT || rc=$?
cd /root/acq_db
$command
SCRIPT
stage_done "$command (exit $rc)"
if [ -n "$copy_out" ]; then
	mkdir -p "$copy_out"
	if [ -d "$dir/root/out" ]; then
		cp -a "$dir/root/out"/. "$copy_out"/
		log "copied the chroot's /root/out to $copy_out"
	else
		log "error: COMMAND left no /root/out to copy" >&2
		[ $rc != 0 ] || rc=1
	fi
fi
log "total: $(( $(date +%s) - total_start ))s"
exit $rc
