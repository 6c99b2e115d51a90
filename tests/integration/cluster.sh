#!/usr/bin/env bash
# Test cluster control for the connect-path tests: three MariaDB servers with
# TLS on 127.0.0.2-4, in ACQ_DB_IT_WORKDIR (default /tmp/acq_db_it).
#   cluster.sh up                 start every server that is not running
#   cluster.sh ensure NAME...     the named servers running as MariaDB (a
#                                 silent stand-in is replaced)
#   cluster.sh kill NAME [TERM|KILL]
#   cluster.sh silent NAME        replace NAME by a listener that never greets
#   cluster.sh down               stop everything (by PID)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/mariadb.sh
. "$here/../lib/mariadb.sh"
wd=${ACQ_DB_IT_WORKDIR:-/tmp/acq_db_it}
mkdir -p "$wd"
export ACQ_MARIADB_WORKDIR=$wd

addr() {
	case $1 in
	db1) echo "127.0.0.2 33061" ;;
	db2) echo "127.0.0.3 33062" ;;
	db3) echo "127.0.0.4 33063" ;;
	*) echo "unknown server $1" >&2; exit 2 ;;
	esac
}

running() { # running NAME KIND(mariadbd|silent): a zombie is not running
	local pid
	pid=$(cat "$wd/$1.pid" 2>/dev/null) || return 1
	case $2 in
	mariadbd) acq_proc_runs "$pid" "datadir=$wd/$1" ;;
	silent) acq_proc_runs "$pid" "$1.silent.php" ;;
	esac
}

start_db() {
	local ip port
	read -r ip port <<<"$(addr "$1")"
	if running "$1" silent; then acq_mariadb_stop "$1" KILL >/dev/null 2>&1; fi
	running "$1" mariadbd || acq_mariadb_start "$1" "$ip" "$port" "$wd" --tls 2>>"$wd/cluster.log"
}

# A SIGKILLed mariadbd is a zombie before its last thread has closed the
# listening socket; until then the kernel still completes TCP handshakes. The
# tests mean "the port refuses", so wait for that.
wait_port_closed() {
	local ip port
	read -r ip port <<<"$(addr "$1")"
	for _ in $(seq 1 500); do
		[ -z "$(ss -Hltn "src $ip:$port" 2>/dev/null)" ] && return 0
		sleep 0.01
	done
	echo "$1 still listens on $ip:$port" >&2
	return 1
}

cmd=${1:-}
shift || true
case $cmd in
up) for n in db1 db2 db3; do start_db "$n"; done ;;
ensure) for n in "$@"; do start_db "$n"; done ;;
kill) acq_mariadb_stop "$1" "${2:-KILL}" 2>>"$wd/cluster.log" && wait_port_closed "$1" ;;
silent)
	read -r ip port <<<"$(addr "$1")"
	acq_mariadb_stop "$1" KILL 2>>"$wd/cluster.log"
	wait_port_closed "$1"
	acq_silent_start "$1" "$ip" "$port" "$wd" 2>>"$wd/cluster.log"
	;;
down) acq_mariadb_stop_all "$wd" ;;
*) echo "usage: $0 up|ensure NAME...|kill NAME [TERM|KILL]|silent NAME|down" >&2; exit 2 ;;
esac
