#!/usr/bin/env bash
# The Check suites with their temp dirs on a GlusterFS mount: the file,
# lock and cache code on the file system it is meant for.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
make -s -C "$here" check_acq_db
work=$(mktemp -d /tmp/acq_db_ckg.XXXXXX)
chmod 755 "$work"
# shellcheck source=lib/gluster.sh
. "$here/lib/gluster.sh"
trap 'acq_gluster_down "$work/gluster" || true; rm -rf "$work"' EXIT
acq_gluster_up "$work/gluster" 1
ACQ_DB_CHECK_DIR="${ACQ_GLUSTER_MOUNTS%% *}" "$here/check_acq_db"
