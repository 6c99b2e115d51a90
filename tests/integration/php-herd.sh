#!/usr/bin/env bash
# The herd through PHP and mysqlnd: N PHP processes hit a dead master at once.
# usage: php-herd.sh [--gluster] [N]
#   default: the election file on local disk; --gluster: on a fresh GlusterFS
#   replica-3 volume, the processes spread over three FUSE mounts (nodes).
# Starts its own MariaDB servers and volume and stops them on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
gluster=0
if [ "${1:-}" = "--gluster" ]; then gluster=1; shift; fi
n=${1:-100}
export ACQ_DB_IT_WORKDIR=${ACQ_DB_IT_WORKDIR:-$(mktemp -d /tmp/acq_db_herd.XXXXXX)}
chmod 755 "$ACQ_DB_IT_WORKDIR"
cleanup() {
	"$root/tests/integration/cluster.sh" down || true
	if [ $gluster = 1 ] && command -v acq_gluster_down >/dev/null; then acq_gluster_down "$ACQ_DB_IT_WORKDIR/gluster" || true; fi
	rm -rf "$ACQ_DB_IT_WORKDIR"
}
trap cleanup EXIT
"$root/tests/integration/cluster.sh" ensure db1 db2
files=$ACQ_DB_IT_WORKDIR/election
if [ $gluster = 1 ]; then
	# shellcheck source=../lib/gluster.sh
	. "$root/tests/lib/gluster.sh"
	acq_gluster_up "$ACQ_DB_IT_WORKDIR/gluster" 3
	files=""
	for m in $ACQ_GLUSTER_MOUNTS; do files="${files:+$files,}$m/election"; done
fi
mkdir -p "$ACQ_DB_IT_WORKDIR/shm" && chmod 1777 "$ACQ_DB_IT_WORKDIR/shm" # the node pages (acq_db.state_dir) of this test, not /dev/shm
export ACQ_DB_PHP_ARGS="-n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=$root/modules/acq_db.so -d acq_db.state_dir=$ACQ_DB_IT_WORKDIR/shm"
read -r -a php_args <<<"$ACQ_DB_PHP_ARGS"
php_acq=(php "${php_args[@]}" -d extension=posix -d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"'
	-d acq_db.lock_timeout_ms=30000 -d error_log=/dev/null)
"${php_acq[@]}" -d "acq_db.election_file=${files%%,*}" -r 'acq_db_init("db1");'
"$root/tests/integration/cluster.sh" kill db1 KILL
"${php_acq[@]}" "$root/tests/integration/herd.php" "$n" "$files"
