#!/usr/bin/env bash
# One reader per node, whatever the number of processes (issue 20): N (200)
# PHP processes on one node call acq_db_active() in a loop with the node's
# page shared (acq_db.state_dir); an inotify witness (count-opens.c) counts
# the opens of the election file over SECONDS (5) while nothing changes.
# The node may read at most once per acq_db.recheck_ms (50) plus one per
# second; a lower bound shows the witness saw the reads at all. Then a
# change made on this node (a switchover by one more process) must be in
# every process's hands at once: the test waits for all N to report it.
# The election file is on local disk: the opens of every process are seen.
# usage: node-reads.sh [N] [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-200}
secs=${2:-5}
recheck=50
work=$(mktemp -d /tmp/acq_db_node_reads.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
	local rc=$? pid
	set +e
	touch "$work/stop"
	for pid in "${pids[@]}"; do
		acq_proc_wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null
	done
	rm -rf "$work"
	exit "$rc"
}
# shellcheck source=../lib/proc.sh
. "$root/tests/lib/proc.sh"
trap cleanup EXIT
fail() { echo "node-reads: FAIL: $*" >&2; exit 1; }

cc -Wall -Wextra -Werror -O2 -o "$work/count-opens" "$root/tests/integration/count-opens.c"
mkdir -p "$work/shm" "$work/ready" "$work/seen" "$work/data"
php_acq=(php -n -d extension=mysqlnd -d "extension=$root/modules/acq_db.so" -d "acq_db.state_dir=$work/shm"
	-d 'acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"' -d "acq_db.election_file=$work/data/election"
	-d "acq_db.recheck_ms=$recheck" -d "error_log=$work/php.log")
"${php_acq[@]}" -r 'acq_db_init("db1");'

# a worker: reports that it runs, then that it sees db2, and stops on request
worker='$w = $argv[1];
$said = false;
while (!file_exists($w . "/stop")) {
	$a = acq_db_active();
	if (!file_exists($w . "/ready/" . getmypid())) touch($w . "/ready/" . getmypid());
	if (!$said && $a["host"] === "127.0.0.3") { touch($w . "/seen/" . getmypid()); $said = true; }
	usleep(10000);
}'
for ((i = 0; i < n; i++)); do
	"${php_acq[@]}" -r "$worker" "$work" </dev/null >/dev/null 2>>"$work/workers.err" &
	pids+=($!)
done
count() { find "$work/$1" -type f | wc -l; }
end=$((EPOCHSECONDS + 120))
while (($(count ready) < n)); do
	((EPOCHSECONDS < end)) || fail "only $(count ready) of $n processes started in 120 s"
	sleep 0.2
done
echo "node-reads: $n processes run, recheck_ms=$recheck; counting the node's opens for ${secs} s"

# the witness: opens of the election file and of the lock file (its copy)
"$work/count-opens" "$work/data" "$secs" election election.lock >"$work/opens" &
wpid=$!
end=$((EPOCHSECONDS + 10))
until grep -qx ready "$work/opens"; do
	acq_proc_alive "$wpid" && ((EPOCHSECONDS < end)) || fail "count-opens did not start"
	sleep 0.05
done
wait "$wpid" || fail "count-opens failed"
opens=$(cat "$work/opens")
file_opens=$(awk '$1 == "election" {print $2}' <<<"$opens")
copy_opens=$(awk '$1 == "election.lock" {print $2}' <<<"$opens")
limit=$((secs * (1000 / recheck + 1)))
echo "node-reads: election file opened $file_opens times in ${secs} s ($(awk -v o="$file_opens" -v s="$secs" 'BEGIN{printf "%.1f", o/s}')/s; limit $((1000 / recheck + 1))/s = 1000/recheck_ms + 1), lock file $copy_opens"
((file_opens <= limit)) || fail "$file_opens opens of the election file in $secs s with $n processes: more than one reader per node ($limit allowed)"
((file_opens >= secs)) || fail "only $file_opens opens in $secs s: the witness missed the node's reads, or nobody reads"

# a change made on this node: every process has it at once (the watch), long
# before a read that waited for a timer would matter
t0=$(date +%s%N)
"${php_acq[@]}" -r 'acq_db_failover("db2", "node-reads test");'
t1=$(date +%s%N)
end=$((EPOCHSECONDS + 30))
while (($(count seen) < n)); do
	((EPOCHSECONDS < end)) || fail "only $(count seen) of $n processes use db2 30 s after the switchover"
	sleep 0.05
done
t2=$(date +%s%N)
echo "node-reads: switchover took $(((t1 - t0) / 1000000)) ms; all $n processes reported db2 $(((t2 - t1) / 1000000)) ms after it returned (they look every 10 ms; 2 cores)"
if [[ -s $work/workers.err ]]; then
	fail "workers wrote to stderr: $(head -5 "$work/workers.err")"
fi
echo "node-reads: OK"
