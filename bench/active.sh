#!/usr/bin/env bash
# Benchmark of acq_db_active() against baselines (see bench/active.php).
# usage: bench/active.sh [--gluster]   (run as root for --gluster: it creates,
# mounts and removes a GlusterFS volume through tests/lib/gluster.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so="$root/modules/acq_db.so"
[ -f "$so" ] || { echo "build first: phpize && ./configure && make" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
	if [ -n "${ACQ_GLUSTER_VOL:-}" ]; then acq_gluster_down || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
gfile=""
if [ "${1:-}" = "--gluster" ]; then
	# shellcheck source=../tests/lib/gluster.sh
	. "$root/tests/lib/gluster.sh"
	acq_gluster_up "$work/gluster" 1
	gdir="${ACQ_GLUSTER_MOUNTS%% *}"
	gfile="$gdir/bench-election"
fi
servers='"db1=10.0.0.11:3306,db2=10.0.0.12:3306"'
php_ini=(-n -d extension=mysqlnd -d "extension=$so" -d "acq_db.servers=$servers")
apcu=$(php -n -r 'echo ini_get("extension_dir");')/apcu.so
[ -f "$apcu" ] && php_ini+=(-d extension=apcu -d apc.enable_cli=1)
php "${php_ini[@]}" -d "acq_db.election_file=$work/election" -r 'acq_db_init();'
if [ -n "$gfile" ]; then
	php "${php_ini[@]}" -d "acq_db.election_file=$gfile" -r 'acq_db_init();'
fi
echo "acq_db_active() with the election file on local disk:"
php "${php_ini[@]}" -d "acq_db.election_file=$work/election" "$root/bench/active.php" "$work/election" $gfile
if [ -n "$gfile" ]; then
	echo
	echo "acq_db_active() with the election file on GlusterFS:"
	php "${php_ini[@]}" -d "acq_db.election_file=$gfile" "$root/bench/active.php" "$work/election" "$gfile"
fi
