#!/usr/bin/env bash
# Cost of the statement-time check (issue 17): one PDO connection runs a
# 1-row SELECT in a loop, with acq_db loaded and the connection routed (so
# every statement passes the check: the cache's one atomic load and one
# compare) vs without acq_db, in alternating rounds of the same process
# shape; prints the medians and their ratio (goal <= 1.02). Also the same
# with mysqli. Starts its own MariaDB (tests/integration/cluster.sh) and
# stops it; run under flock /tmp/acq_db-servers.lock on a shared machine.
# The best round of each side is printed too: on a shared machine the
# medians move by several per cent from one run to the next.
# usage: bench/stmt.sh [ROUNDS] [QUERIES_PER_ROUND]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-10}
queries=${2:-20000}
ACQ_DB_IT_WORKDIR=$(mktemp -d /tmp/acq_db_bench.XXXXXX)
export ACQ_DB_IT_WORKDIR
trap '"$root/tests/integration/cluster.sh" down; rm -rf "$ACQ_DB_IT_WORKDIR"' EXIT
"$root/tests/integration/cluster.sh" ensure db1 >/dev/null
efile=$ACQ_DB_IT_WORKDIR/election
base=(php -n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=mysqli)
acq=("${base[@]}" -d "extension=$root/modules/acq_db.so" -d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"'
	-d "acq_db.election_file=$efile" -d error_log=/dev/null)
"${acq[@]}" -r 'acq_db_init("db1");'

pdo_loop='$n = (int) $argv[1];
$p = new PDO("mysql:host=127.0.0.2;port=33061;dbname=acq_test", "acq", "acq");
$t = hrtime(true); $r = getrusage();
for ($i = 0; $i < $n; $i++) { $p->query("SELECT 1")->fetchColumn(); }
$w = hrtime(true) - $t; $e = getrusage();
$cpu = ($e["ru_utime.tv_sec"] - $r["ru_utime.tv_sec"] + $e["ru_stime.tv_sec"] - $r["ru_stime.tv_sec"]) * 1e6
	+ $e["ru_utime.tv_usec"] - $r["ru_utime.tv_usec"] + $e["ru_stime.tv_usec"] - $r["ru_stime.tv_usec"];
printf("%.3f %.3f\n", $w / $n / 1000, $cpu / $n);'
mysqli_loop='$n = (int) $argv[1];
$m = new mysqli("127.0.0.2", "acq", "acq", "acq_test", 33061);
$t = hrtime(true); $r = getrusage();
for ($i = 0; $i < $n; $i++) { $m->query("SELECT 1")->fetch_row(); }
$w = hrtime(true) - $t; $e = getrusage();
$cpu = ($e["ru_utime.tv_sec"] - $r["ru_utime.tv_sec"] + $e["ru_stime.tv_sec"] - $r["ru_stime.tv_sec"]) * 1e6
	+ $e["ru_utime.tv_usec"] - $r["ru_utime.tv_usec"] + $e["ru_stime.tv_usec"] - $r["ru_stime.tv_usec"];
printf("%.3f %.3f\n", $w / $n / 1000, $cpu / $n);'

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() { # run NAME LOOP: each round prints "wall_us cpu_us" per statement
	local on=() off=() on_cpu=() off_cpu=() unr=() unr_cpu=() r w c
	for ((r = 0; r < rounds; r++)); do
		read -r w c <<<"$("${base[@]}" -r "$2" -- "$queries")"; off+=("$w"); off_cpu+=("$c")
		read -r w c <<<"$("${acq[@]}" -r "$2" -- "$queries")"; on+=("$w"); on_cpu+=("$c")
		read -r w c <<<"$("${acq[@]}" -d acq_db.routing=0 -r "$2" -- "$queries")"; unr+=("$w"); unr_cpu+=("$c")
	done
	echo "== $1: 1-row SELECT, $queries per round, $rounds rounds alternating"
	report "wall time" off on
	report "client CPU time (user+sys of the PHP process)" off_cpu on_cpu
	echo "  the check alone: acq_db loaded, connection routed vs acq_db loaded with acq_db.routing=0 (no per-connection data, no check)"
	report "client CPU time" unr_cpu on_cpu
}
report() { # report WHAT BASELINE_ARRAY ACQ_ARRAY
	local -n a=$2 b=$3
	local m_off m_on b_off b_on
	m_off=$(median "${a[@]}"); m_on=$(median "${b[@]}")
	b_off=$(printf '%s\n' "${a[@]}" | sort -n | head -1); b_on=$(printf '%s\n' "${b[@]}" | sort -n | head -1)
	echo "  $1 per statement (us):"
	echo "    baseline: median ${m_off}, best ${b_off}   rounds: ${a[*]}"
	echo "    acq_db:   median ${m_on}, best ${b_on}   rounds: ${b[*]}"
	awk -v x="$m_on" -v y="$m_off" -v z="$b_on" -v t="$b_off" \
		'BEGIN {printf "    ratio: median %.3f, best round %.3f (goal <= 1.02)\n", x / y, z / t}'
}
run PDO "$pdo_loop"
run mysqli "$mysqli_loop"
# Instructions per statement, which a loaded machine does not blur: the
# client process under cachegrind at two loop lengths, the difference divided
# by the difference in statements (start-up cancels out). The node reader's
# periodic reads are pushed out of the window (acq_db.recheck_ms=3600000):
# this measures the statement path, not the reader.
ir() { # ir PHP_ARGS... -- LOOP N: total instructions of one run
	local out
	out=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null)
	sed -n 's/.*I *refs: *//p' <<<"$out" | tr -d ,
}
per_statement() { # per_statement NAME LOOP PHP_ARGS...
	local loop=$2 a b # $1, the name, is for the reader of the call
	shift 2
	a=$(ir "$@" -d acq_db.recheck_ms=3600000 -r "$loop" -- 1000)
	b=$(ir "$@" -d acq_db.recheck_ms=3600000 -r "$loop" -- 3000)
	echo $(( (b - a) / 2000 ))
}
for kind in PDO mysqli; do
	loop=$pdo_loop
	[ $kind = mysqli ] && loop=$mysqli_loop
	i_off=$(per_statement "$kind" "$loop" "${base[@]}")
	i_unr=$(per_statement "$kind" "$loop" "${acq[@]}" -d acq_db.routing=0)
	i_on=$(per_statement "$kind" "$loop" "${acq[@]}")
	echo "== $kind: client instructions per 1-row SELECT (cachegrind, 3000 - 1000 statements)"
	echo "    without acq_db: $i_off   acq_db, routing off: $i_unr   acq_db, routed (the check on every statement): $i_on"
	awk -v a="$i_on" -v b="$i_off" -v c="$i_unr" \
		'BEGIN {printf "    ratio routed/without: %.4f; the check alone (routed - routing off): %d instructions\n", a / b, a - c}'
done
# the routed connections did pass the check: status of a routed process
"${acq[@]}" -r '$p = new PDO("mysql:host=127.0.0.2;port=33061;dbname=acq_test", "acq", "acq");
$p->query("SELECT 1"); echo "check: a routed connection reports ", json_encode(acq_db_status()["statements"]), "\n";'
