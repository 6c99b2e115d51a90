#!/usr/bin/env bash
# Propagation benchmark (issue 7): how long until every PHP process on the
# other nodes uses a new master, and how many reads per second the shared
# file system serves per node, for two acq_db configurations in one run.
# A GlusterFS replica-3 volume (tests/lib/gluster.sh defaults) with three
# mounts = three nodes; on each, PROCS (default 50) PHP processes that call
# acq_db_active() with usleep(1000) in between (bench/propagation-worker.php;
# the sleep keeps 150 processes from saturating two cores). Per
# configuration:
#   1. idle read rate: with every process running and nothing changing,
#      `gluster volume profile VOL info incremental` over IDLE_S seconds
#      (brick-side FOP counts, independent of acq_db), and acq_db's own
#      counters (acq_db_status()['poller']['reads'] where the build has it,
#      else the per-process 'reads');
#   2. SWITCHES (default 10) switchovers from a process on mount 1,
#      alternating db2/db1 (bench/propagation-switch.php); lag = the wall
#      time at which a process first sees the new host minus the change time
#      the writer recorded in the election file (changed_at, just before the
#      write); also printed from the return and from the start of the
#      acq_db_switchover() call.
# The servers are never connected to: only acq_db_active() is measured.
#
# usage: bench/propagation.sh [--baseline "INI..."] [--new "INI..."]
#                             [--procs N] [--switches N] [--idle S]
#   INI: space-separated key=value acq_db settings given to every process
#   (after the per-node acq_db.state_dir, so they can override it).
#   defaults: --baseline "acq_db.state_dir= acq_db.recheck_ms=1000"
#             (per-process reads, 1 s: today's released design) and
#             --new "" (the build's defaults).
# Root (it creates, mounts and removes a GlusterFS volume).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
baseline="acq_db.state_dir= acq_db.recheck_ms=1000"
new=""
procs=50
switches=10
idle=10
while (($#)); do
	case $1 in
	--baseline) baseline=$2; shift ;;
	--new) new=$2; shift ;;
	--procs) procs=$2; shift ;;
	--switches) switches=$2; shift ;;
	--idle) idle=$2; shift ;;
	*) echo "usage: $0 [--baseline INI] [--new INI] [--procs N] [--switches N] [--idle S]" >&2; exit 2 ;;
	esac
	shift
done
so=$root/modules/acq_db.so
[[ -f $so ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
t_start=$EPOCHSECONDS
work=$(mktemp -d /tmp/acq_db_prop.XXXXXX)
chmod 755 "$work"
# shellcheck source=../tests/lib/gluster.sh
. "$root/tests/lib/gluster.sh"
pids=()
cleanup() {
	local rc=$? pid end
	set +e
	echo stop >"$work/control" 2>/dev/null
	end=$((EPOCHSECONDS + 20))
	for pid in "${pids[@]}"; do
		while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
		kill -KILL "$pid" 2>/dev/null
	done
	if acq_gluster_down "$work/gluster"; then rm -rf "$work"; else echo "kept $work" >&2; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "propagation.sh: line $LINENO: a command failed" >&2' ERR

acq_gluster_up "$work/gluster" 3
vol=$ACQ_GLUSTER_VOL
read -r -a mnt <<<"$ACQ_GLUSTER_MOUNTS"
# glusterd is shared by every test on the machine; the test that started it
# may stop it while this one runs: start one if it is gone, recorded where
# acq_gluster_down looks so that it is stopped at the end.
ensure_glusterd() {
	local pid gwd=$ACQ_GLUSTER_WORKDIR
	# a glusterd in a chroot or another network namespace (another test's)
	# shows in pgrep but does not answer us: only one of our own host counts
	for pid in $(pgrep -x glusterd 2>/dev/null || true); do
		acq_proc_alive "$pid" && _acq_g_same_host "$pid" && return 0
	done
	echo "glusterd is gone (the test that started it has ended); starting one" >&2
	(glusterd -N --log-file="$gwd/glusterd.log" </dev/null >/dev/null 2>&1 &
		echo $! >"$gwd/glusterd.pid")
}
# g ARGS: the gluster CLI, retried for up to 60 s (glusterd answers "another
# transaction is in progress" while another test changes its volume).
g() {
	local end=$((EPOCHSECONDS + 60)) out
	until out=$(timeout 60 gluster --mode=script "$@" 2>&1); do
		if ((EPOCHSECONDS >= end)); then
			echo "gluster $*: $out" >&2
			return 1
		fi
		ensure_glusterd
		sleep 0.5
	done
	printf '%s\n' "$out"
}
# Profiling on before any process runs (it reconfigures the clients).
g volume profile "$vol" start >/dev/null
php_base=(php -n -d extension=mysqlnd -d "extension=$so" -d 'acq_db.servers="db1=127.0.0.21:34001,db2=127.0.0.22:34002"'
	-d display_errors=stderr)
declare -A host_of=([db1]=127.0.0.21 [db2]=127.0.0.22)
# node_php N CONFIG: the PHP command of node N under CONFIG, NUL-separated.
node_php() {
	local n=$1 kv
	mkdir -p "$work/state$n"
	printf '%s\0' "${php_base[@]}" -d "acq_db.election_file=${mnt[n - 1]}/election" \
		-d "acq_db.state_dir=$work/state$n" -d "error_log=$work/php$n.log"
	for kv in $2; do printf '%s\0' -d "$kv"; done
}
"${php_base[@]}" -d "acq_db.election_file=${mnt[0]}/election" -r 'acq_db_init("db1");' >/dev/null

# profile_fops OUT: the interval FOP counts summed over the bricks, "FOP N".
profile_fops() {
	g volume profile "$vol" info incremental | awk '
		/^Interval/ { on = 1 } /^Cumulative/ { on = 0 }
		on && NF >= 8 && $NF ~ /^[A-Z]+$/ && $(NF-1) ~ /^[0-9]+$/ { n[$NF] += $(NF-1) }
		END { for (f in n) print f, n[f] }' | sort >"$1"
}

run_config() { # LABEL CONFIG
	local label=$1 config=$2 dir=$work/$1 n i outs=() pid t0 t1 rc
	local -a cmd
	mkdir -p "$dir"
	echo run >"$work/control"
	echo
	echo "== $label: ${config:-(build defaults)}; $procs processes on each of 3 mounts (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
	for n in 1 2 3; do
		mapfile -d '' -t cmd < <(node_php "$n" "$config")
		for ((i = 1; i <= procs; i++)); do
			"${cmd[@]}" "$root/bench/propagation-worker.php" "$dir/node$n-$i.out" "$work/control" \
				2>>"$dir/node$n.err" &
			pids+=($!)
			outs+=("$dir/node$n-$i.out")
		done
	done
	# every process has read the state once
	local end=$((EPOCHSECONDS + 120)) ready
	while :; do
		ready=0
		for f in "${outs[@]}"; do [[ -s $f ]] && ready=$((ready + 1)); done
		((ready == ${#outs[@]})) && break
		((EPOCHSECONDS < end)) || { echo "only $ready of ${#outs[@]} processes started" >&2; return 1; }
		sleep 0.1
	done
	echo "  all ${#outs[@]} processes running"

	# 1. idle read rate
	profile_fops /dev/null
	echo mark-idle-start >"$work/control"
	t0=$(date +%s.%N)
	sleep "$idle"
	profile_fops "$dir/fops"
	t1=$(date +%s.%N)
	echo mark-idle-end >"$work/control"
	awk -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v label="$label" '
		{ total += $2; n[$1] = $2 }
		END {
			printf "  %s: shared file system, brick FOPs over %.1f s idle: %.0f/s in all, %.1f/s per node", label, s, total / s, total / s / 3
			printf " (READ %.1f/s, LOOKUP %.1f/s, OPEN %.1f/s, STAT %.1f/s, FSTAT %.1f/s per node)\n",
				n["READ"] / s / 3, n["LOOKUP"] / s / 3, n["OPEN"] / s / 3, n["STAT"] / s / 3, n["FSTAT"] / s / 3
			printf "  %s: brick FOPs/s per node by kind:", label
			for (f in n) if (n[f] / s / 3 >= 0.5) printf " %s %.1f", f, n[f] / s / 3
			printf "\n"
			printf "FOPS_JSON {\"total_per_node\":%.2f,\"read_per_node\":%.2f,\"lookup_per_node\":%.2f,\"open_per_node\":%.2f}\n",
				total / s / 3, n["READ"] / s / 3, n["LOOKUP"] / s / 3, n["OPEN"] / s / 3
		}' "$dir/fops" | tee "$dir/fops.txt" | grep -v '^FOPS_JSON'
	# the counter marks are written within ~100 ms; give them a deadline
	local marks
	end=$((EPOCHSECONDS + 30))
	until marks=$(grep -l 'mark-idle-end' "${outs[@]}" 2>/dev/null | wc -l) && ((marks == ${#outs[@]})); do
		((EPOCHSECONDS < end)) || { echo "  only $marks processes wrote their counters" >&2; break; }
		sleep 0.1
	done

	# 2. switchovers
	mapfile -d '' -t cmd < <(node_php 1 "$config")
	"${cmd[@]}" "$root/bench/propagation-switch.php" "$switches" "${host_of[db1]}" "${host_of[db2]}" \
		"${outs[@]}" >"$dir/switches.jsonl"
	echo stop >"$work/control"
	end=$((EPOCHSECONDS + 30))
	for pid in "${pids[@]}"; do
		while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
		kill -KILL "$pid" 2>/dev/null || true
	done
	pids=()
	echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
	rc=0
	php -n "$root/bench/propagation-report.php" "$label" "$dir/switches.jsonl" "$dir" >"$dir/report.txt" || rc=1
	grep -v '^{' "$dir/report.txt"
	# one JSON object per configuration for the comparison
	jq -c --argjson f "$(sed -n 's/^FOPS_JSON //p' "$dir/fops.txt")" '. + {fops: $f}' \
		<(grep '^{' "$dir/report.txt") >"$dir/result.json"
	return $rc
}

run_config baseline "$baseline"
run_config new "$new"

echo
echo "== new / baseline"
jq -rs '
	def r(a; b): if (a == null or b == null or b == 0) then "n/a" else ((a / b * 100 | round) / 100 | tostring) end;
	.[0] as $b | .[1] as $n |
	"  other nodes lag from the write p50: \($b.lag_other_from_write_p50_ms|round) ms -> \($n.lag_other_from_write_p50_ms|round) ms (x\(r($n.lag_other_from_write_p50_ms; $b.lag_other_from_write_p50_ms)))",
	"  other nodes lag from the write max: \($b.lag_other_from_write_max_ms|round) ms -> \($n.lag_other_from_write_max_ms|round) ms (x\(r($n.lag_other_from_write_max_ms; $b.lag_other_from_write_max_ms)))",
	"  other nodes lag from the write p99: \($b.lag_other_from_write_p99_ms|round) ms -> \($n.lag_other_from_write_p99_ms|round) ms (x\(r($n.lag_other_from_write_p99_ms; $b.lag_other_from_write_p99_ms)))",
	"  same node lag from the write p99: \($b.lag_same_from_write_p99_ms|round) ms -> \($n.lag_same_from_write_p99_ms|round) ms (x\(r($n.lag_same_from_write_p99_ms; $b.lag_same_from_write_p99_ms)))",
	"  median process lag from the write, other/same node: \($b.lag_other_each_p50_ms|round)/\($b.lag_same_each_p50_ms|round) ms -> \($n.lag_other_each_p50_ms|round)/\($n.lag_same_each_p50_ms|round) ms",
	"  same node lag from the write p50/max: \($b.lag_same_from_write_p50_ms|round)/\($b.lag_same_from_write_max_ms|round) ms -> \($n.lag_same_from_write_p50_ms|round)/\($n.lag_same_from_write_max_ms|round) ms",
	"  other nodes lag from the return p50/max: \($b.lag_other_p50_ms|round)/\($b.lag_other_max_ms|round) ms -> \($n.lag_other_p50_ms|round)/\($n.lag_other_max_ms|round) ms",
	"  other nodes lag from the call start p50/max: \($b.lag_other_from_call_p50_ms|round)/\($b.lag_other_from_call_max_ms|round) ms -> \($n.lag_other_from_call_p50_ms|round)/\($n.lag_other_from_call_max_ms|round) ms",
	"  same node lag from the return p50/max: \($b.lag_same_p50_ms|round)/\($b.lag_same_max_ms|round) ms -> \($n.lag_same_p50_ms|round)/\($n.lag_same_max_ms|round) ms",
	"  brick FOPs/s per node: \($b.fops.total_per_node) -> \($n.fops.total_per_node) (x\(r($n.fops.total_per_node; $b.fops.total_per_node)))",
	"  brick READs/s per node: \($b.fops.read_per_node) -> \($n.fops.read_per_node) (x\(r($n.fops.read_per_node; $b.fops.read_per_node)))",
	"  acq_db_active() exceptions: \($b.active_errors) -> \($n.active_errors)",
	"  acq_db reads/s per node (its counters): \($b.acq_db_reads_per_s_per_node|tostring) -> \($n.acq_db_reads_per_s_per_node|tostring)"
' "$work/baseline/result.json" "$work/new/result.json"
echo "wall time $((EPOCHSECONDS - t_start)) s"
