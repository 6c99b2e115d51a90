#!/usr/bin/env bash
# Connect-path benchmarks, each compared with a baseline in the same run:
#  1. overhead of the hook on a healthy master: PDO connects on loopback,
#     extension loaded vs not, in alternating rounds;
#  2. failover latency: from a refused connect (SIGKILLed master) and from a
#     silent master to the caller holding a connection to the new master;
#  3. the herd: 100 processes hitting a dead master (tests/integration/herd.php).
# Starts its own MariaDB servers (tests/integration/cluster.sh) and stops them.
# usage: bench/connect.sh [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-10}
ACQ_DB_IT_WORKDIR=$(mktemp -d /tmp/acq_db_bench.XXXXXX)
export ACQ_DB_IT_WORKDIR
trap '"$root/tests/integration/cluster.sh" down; rm -rf "$ACQ_DB_IT_WORKDIR"' EXIT
"$root/tests/integration/cluster.sh" ensure db1 db2
efile=$ACQ_DB_IT_WORKDIR/election
base=(php -n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=posix)
acq=("${base[@]}" -d "extension=$root/modules/acq_db.so" -d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"'
	-d "acq_db.election_file=$efile" -d acq_db.failover_hold_ms=0 -d error_log=/dev/null)
"${acq[@]}" -r 'acq_db_init("db1");'

connect_loop='$n = (int) $argv[1]; $t = hrtime(true);
for ($i = 0; $i < $n; $i++) { $p = new PDO("mysql:host=127.0.0.2;port=33061;dbname=acq_test", "acq", "acq"); $p = null; }
printf("%.2f\n", (hrtime(true) - $t) / $n / 1000);'
echo "== 1. connect overhead on a healthy master (PDO, loopback, 300 connects per round, alternating)"
on=(); off=()
for r in $(seq 1 "$rounds"); do
	off+=("$("${base[@]}" -r "$connect_loop" 300)")
	on+=("$("${acq[@]}" -r "$connect_loop" 300)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "without acq_db: median ${m_off} us/connect   rounds: ${off[*]}"
echo "with acq_db:    median ${m_on} us/connect   rounds: ${on[*]}"
awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "ratio with/without: %.3f (goal <= 1.02)\n", a / b}'

failover_once='$t = hrtime(true);
$p = new PDO("mysql:host=127.0.0.2;port=33061;dbname=acq_test", "acq", "acq", [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$port = $p->query("SELECT @@port")->fetchColumn();
printf("%.2f %s\n", (hrtime(true) - $t) / 1e6, $port);'
reset_db1() {
	"$root/tests/integration/cluster.sh" ensure db1 db2 >/dev/null
	rm -f "$efile" "$efile.lock"
	"${acq[@]}" -r 'acq_db_init("db1");'
}
echo
echo "== 2a. failover latency, master SIGKILLed (connection refused): connect to the new master"
lat=(); base_lat=()
for r in $(seq 1 "$rounds"); do
	reset_db1
	base_lat+=("$("${acq[@]}" -r "$failover_once" | cut -d' ' -f1)")
	"$root/tests/integration/cluster.sh" kill db1 KILL
	read -r ms port <<<"$("${acq[@]}" -r "$failover_once")"
	[ "$port" = 33062 ] || { echo "round $r: connected to $port, not db2" >&2; exit 1; }
	lat+=("$ms")
done
echo "healthy connect (same process shape): median $(median "${base_lat[@]}") ms"
echo "failover connect: median $(median "${lat[@]}") ms, max $(printf '%s\n' "${lat[@]}" | sort -n | tail -1) ms (goal <= 50)   rounds: ${lat[*]}"
echo
echo "== 2b. failover latency, silent master (accepts, never greets), acq_db.connect_timeout_ms=1000"
lat=()
for r in $(seq 1 $(( rounds < 5 ? rounds : 5 ))); do
	reset_db1
	"$root/tests/integration/cluster.sh" silent db1
	read -r ms port <<<"$("${acq[@]}" -d acq_db.connect_timeout_ms=1000 -r "$failover_once")"
	[ "$port" = 33062 ] || { echo "round $r: connected to $port, not db2" >&2; exit 1; }
	lat+=("$ms")
done
echo "failover connect: median $(median "${lat[@]}") ms, max $(printf '%s\n' "${lat[@]}" | sort -n | tail -1) ms (goal <= 1050)   rounds: ${lat[*]}"
echo
echo "== 3. the herd: 100 processes, dead master, election file on local disk"
reset_db1
"$root/tests/integration/cluster.sh" kill db1 KILL
ACQ_DB_PHP_ARGS="-n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=$root/modules/acq_db.so" \
	"${acq[@]}" -d acq_db.lock_timeout_ms=30000 "$root/tests/integration/herd.php" 100 "$efile"
echo "(the same on GlusterFS over three mounts: tests/integration/php-herd.sh --gluster)"
