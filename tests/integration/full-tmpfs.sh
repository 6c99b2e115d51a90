#!/usr/bin/env bash
# A full tmpfs must not kill PHP (issue 18 §3): acq_db.state_dir on a small
# tmpfs mount (64 KiB) filled up. A page sized with ftruncate alone had no
# memory behind it, and the first store into it killed the process with
# SIGBUS (exit 135). The page's memory is reserved with posix_fallocate;
# when that fails the process reads for itself, with one warning. A real
# PHP CLI process must answer, exit 0, and say why node sharing is off.
# usage: full-tmpfs.sh [MODULE]   (default: this tree's modules/acq_db.so)
# Root (it mounts a tmpfs).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
so=${1:-$root/modules/acq_db.so}
work=$(mktemp -d /tmp/acq_db_full_tmpfs.XXXXXX)
shm=$work/shm
mounted=0
cleanup() {
	local rc=$?
	set +e
	((mounted)) && umount "$shm"
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
fail() { echo "full-tmpfs: FAIL: $*" >&2; exit 1; }

mkdir -p "$shm" "$work/data"
mount -t tmpfs -o size=64k,mode=1777 acq_db_full_tmpfs "$shm"
mounted=1
php_acq=(php -n -d extension=mysqlnd -d "extension=$so" -d "acq_db.state_dir=$shm"
	-d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"' -d "acq_db.election_file=$work/data/election"
	-d "error_log=$work/php.log")
"${php_acq[@]}" -d acq_db.state_dir= -r 'acq_db_init("db1");'
# fill the mount to the last block
dd if=/dev/zero of="$shm/fill" bs=4k 2>/dev/null || true
avail=$(df --output=avail -B1 "$shm" | tail -1)
((avail == 0)) || fail "the tmpfs still has $avail bytes free"
set +e
out=$("${php_acq[@]}" -r 'echo acq_db_active()["host"], "\n", acq_db_status()["poller"]["mode"], "\n";' 2>&1)
rc=$?
set -e
echo "full-tmpfs: PHP exited with $rc: $(tr '\n' ' ' <<<"$out")"
((rc != 135)) || fail "PHP died of SIGBUS (exit 135) on a full acq_db.state_dir"
((rc == 0)) || fail "PHP exited with $rc: $out"
[[ $out == $'127.0.0.2\nprocess' ]] || fail "expected db1's host and per-process mode, got: $out"
grep -q "node sharing off.*cannot reserve memory for the node's state page.*acq_db.state_dir is full" "$work/php.log" \
	|| fail "no warning that says why: $(cat "$work/php.log")"
((($(grep -c "node sharing off" "$work/php.log")) == 1)) || fail "not exactly one warning: $(cat "$work/php.log")"
echo "full-tmpfs: OK (per-process reads, one warning)"
