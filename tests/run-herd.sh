#!/usr/bin/env bash
# The core election herd (tests/herd_elect): 64 processes elect at once.
# usage: tests/run-herd.sh [--gluster]   (--gluster: on a fresh GlusterFS
# replica-3 volume, the processes spread over three FUSE mounts)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
make -s -C "$here" herd_elect
work=$(mktemp -d /tmp/acq_db_herd.XXXXXX)
chmod 755 "$work"
servers="db1=127.0.0.1:1,db2=127.0.0.1:2,db3=127.0.0.1:3"
if [ "${1:-}" = "--gluster" ]; then
	# shellcheck source=lib/gluster.sh
	. "$here/lib/gluster.sh"
	trap 'acq_gluster_down "$work/gluster" || true; rm -rf "$work"' EXIT
	acq_gluster_up "$work/gluster" 3
	files=""
	for m in $ACQ_GLUSTER_MOUNTS; do files="${files:+$files,}$m/election"; done
	# twice: a fresh file, then again from epoch 2 on the same volume
	"$here/herd_elect" -n 64 -s "$servers" -f "$files"
	"$here/herd_elect" -n 64 -s "$servers" -f "$files"
else
	trap 'rm -rf "$work"' EXIT
	"$here/herd_elect" -n 64 -s "$servers" -f "$work/election"
	"$here/herd_elect" -n 64 -s "$servers" -f "$work/election"
fi
