#!/usr/bin/env bash
# A failover written through one GlusterFS mount is seen through another
# within acq_db.recheck_ms (+ GlusterFS's cache time). Creates, mounts and
# removes its own volume.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/acq_db_vis.XXXXXX)
chmod 755 "$work"
# shellcheck source=../lib/gluster.sh
. "$root/tests/lib/gluster.sh"
trap 'acq_gluster_down "$work/gluster" || true; rm -rf "$work"' EXIT
acq_gluster_up "$work/gluster" 2
read -r mA mB <<<"$ACQ_GLUSTER_MOUNTS"
mkdir -m 1777 "$work/shm" # the node pages (acq_db.state_dir) of this test, not /dev/shm
export ACQ_DB_PHP_ARGS="-n -d extension=mysqlnd -d extension=$root/modules/acq_db.so -d acq_db.state_dir=$work/shm"
read -r -a php_args <<<"$ACQ_DB_PHP_ARGS"
base=(php "${php_args[@]}" -d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"' -d error_log=/dev/null)
"${base[@]}" -d "acq_db.election_file=$mA/election" -r 'acq_db_init("db1");'
"${base[@]}" -d "acq_db.election_file=$mB/election" -d "acq_db.recheck_ms=${RECHECK_MS:-1000}" \
	"$root/tests/integration/gluster-visibility.php" "$mA/election" "${ROUNDS:-8}"
