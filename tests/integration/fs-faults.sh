#!/usr/bin/env bash
# Real file-system faults under running PHP "web nodes": no request may wait
# on the election file's file system (issue 7). A GlusterFS replica-3 volume
# with three FUSE mounts (three nodes, tests/lib/gluster.sh defaults:
# quick-read and io-cache off, everything else default, network.ping-timeout
# 42 s), two MariaDB servers (db1 127.0.0.21:34001, db2 127.0.0.22:34002) and
# on each mount one PHP process (fs-faults-node.php) that calls
# acq_db_active() every 2 ms and makes a routed PDO connect to db1 every
# ~100 ms. Faults, each held while the nodes run:
#   brick-stop       SIGSTOP of one brick for FSF_STOP_S (default 15) seconds;
#                    also: short-lived processes are not held by the frozen
#                    volume (issue 18 §2): `acq-db-admin status` and a PHP CLI
#                    acq_db_failover() must exit within their own bounds while
#                    the brick is still stopped; and what php-fpm's reload
#                    (SIGUSR2) and graceful stop (SIGQUIT) do meanwhile,
#                    reported, and neither may outlast the freeze by more
#                    than FSF_FPM_AFTER_S (default 10) seconds
#   brick-kill       SIGKILL of one brick, restarted with `volume start force`
#   client-kill      SIGKILL of node 3's FUSE client (ENOTCONN there only), remount
#   lazy-umount      `umount -l` of node 2's mount under its process, remount
#   two-bricks-stop  SIGSTOP of two bricks: client quorum lost, ENOTCONN once
#                    network.ping-timeout has passed; this case alone sets the
#                    ping-timeout to FSF_QUORUM_PING_S (default 5) so that the
#                    ENOTCONN phase comes within the suite's time
# Per fault and node it asserts: longest acq_db_active() call below
# FSF_MAX_CALL_MS (default 50), no failed routed connect, no exception from
# acq_db_active(); an acq_db_switchover() started from node 1 during the fault
# (lock_timeout_ms=2000) returns within 3 s with success or
# ACQ_DB_E_FS_TIMEOUT (E_IO also when quorum is lost); while the file
# system hangs (the two SIGSTOP cases), a routed connect that has to elect
# (db1 dead for that process) ends within connect_timeout_ms +
# lock_timeout_ms + 1 s, connected to db2 or with an error that names the
# file system; after recovery a switchover succeeds and every node follows.
# Synchronisation is by polls with deadlines on real evidence (brick in state
# T, a lookup that hangs, ENOTCONN, a new client graph); the only sleeps are
# the fault's hold time and poll intervals.
# usage: fs-faults.sh            (root; module built by scripts/build.sh)
# env:   FSF_PHP_ARGS  extra php -d arguments for every PHP process
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/integration
t_start=$EPOCHSECONDS
stop_s=${FSF_STOP_S:-15}
fpm_after_s=${FSF_FPM_AFTER_S:-10}
quorum_ping_s=${FSF_QUORUM_PING_S:-5}
max_call_ms=${FSF_MAX_CALL_MS:-50}
lock_timeout_ms=2000
elect_bound_ms=$((lock_timeout_ms + 1000))

work=$(mktemp -d /tmp/acq_db_fsf.XXXXXX)
chmod 755 "$work"
# shellcheck source=../lib/gluster.sh
. "$root/tests/lib/gluster.sh"
# shellcheck source=../lib/mariadb.sh
. "$root/tests/lib/mariadb.sh"

failures=()
fpm_pid=""
node_pids=()
bg_pids=()        # probes and in-fault elections (may sit in a FUSE wait)
old_clients=()    # FUSE clients of lazily unmounted or replaced mounts
vol=""

log() { printf 'fs-faults: %s\n' "$*"; }
fail() { failures+=("$1"); printf 'fs-faults: FAIL: %s\n' "$1"; }

# --- cleanup: bricks first (a stopped brick blocks unmount and volume stop) --
fsf_cont_all_bricks() {
	local pf
	[[ -n $vol ]] || return 0
	for pf in /var/run/gluster/vols/"$vol"/*.pid; do
		[[ -e $pf ]] && kill -CONT "$(cat "$pf")" 2>/dev/null || true
	done
}
fsf_stop_pid() { # PID DEADLINE_S: TERM, wait, KILL
	local pid=$1 end=$((EPOCHSECONDS + $2))
	kill -TERM "$pid" 2>/dev/null || return 0
	while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$? pid end
	set +e
	fsf_cont_all_bricks
	echo stop >"$work/phase" 2>/dev/null
	for pid in "${node_pids[@]}" "${bg_pids[@]}" $fpm_pid; do fsf_stop_pid "$pid" 10; done
	acq_mariadb_stop_all "$work/db"
	for pid in "${old_clients[@]}"; do
		# exits by itself once the last process using the old mount is gone
		end=$((EPOCHSECONDS + 10))
		while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
		[[ -n $vol ]] && _acq_g_kill "$pid" "--volfile-id=/$vol " 5
	done
	if acq_gluster_down "$work/gluster"; then
		rm -rf "$work"
	else
		echo "fs-faults: cleanup incomplete, kept $work" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT

# wait_for DEADLINE_S WHAT CMD...: poll CMD every 50 ms until it succeeds.
wait_for() {
	local end=$((EPOCHSECONDS + $1)) what=$2
	shift 2
	until "$@"; do
		if ((EPOCHSECONDS >= end)); then
			fail "timed out waiting for $what"
			return 1
		fi
		sleep 0.05
	done
}

wait_for_quiet() { # DEADLINE_S CMD...: like wait_for, but a timeout is no failure
	local end=$((EPOCHSECONDS + $1))
	shift
	until "$@"; do
		((EPOCHSECONDS >= end)) && return 1
		sleep 0.05
	done
}

# glusterd is shared by every test on the machine (tests/lib/gluster.sh uses
# one that runs); the test that started it may stop it while this one runs.
# Volume operations and mounts need it: start one if it is gone, recorded
# where acq_gluster_down looks, so that it is stopped at the end.
fsf_ensure_glusterd() {
	local pid
	# a glusterd in a chroot (another test's) shows in pgrep but serves
	# another /var/run: only one with our root counts
	for pid in $(pgrep -x glusterd 2>/dev/null || true); do
		acq_proc_alive "$pid" && [[ $(readlink "/proc/$pid/root") == / ]] && return 0
	done
	log "glusterd is gone (the test that started it has ended); starting one"
	(glusterd -N --log-file="$gwd/glusterd.log" </dev/null >/dev/null 2>&1 &
		echo $! >"$gwd/glusterd.pid")
	wait_for_quiet 60 _acq_g_cli volume list >/dev/null
}
# g ARGS: the gluster CLI, retried for up to 60 s ("another transaction is in
# progress" while another test changes its own volume; glusterd restarting).
g() {
	local end=$((EPOCHSECONDS + 60)) out
	until out=$(_acq_g_cli "$@" 2>&1); do
		if ((EPOCHSECONDS >= end)); then
			fail "gluster $*: $out"
			return 1
		fi
		fsf_ensure_glusterd
		sleep 0.5
	done
	printf '%s\n' "$out"
}

# --- the cluster -------------------------------------------------------------
log "setting up: GlusterFS replica 3, 3 mounts; MariaDB db1, db2"
acq_gluster_up "$work/gluster" 3
vol=$ACQ_GLUSTER_VOL
gwd=$ACQ_GLUSTER_WORKDIR
read -r -a mnt <<<"$ACQ_GLUSTER_MOUNTS"
acq_mariadb_start db1 127.0.0.21 34001 "$work/db" >/dev/null
acq_mariadb_start db2 127.0.0.22 34002 "$work/db" >/dev/null
declare -A host_of=([db1]=127.0.0.21 [db2]=127.0.0.22)

php_base=(php -n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql
	-d "extension=$root/modules/acq_db.so"
	-d 'acq_db.servers="db1=127.0.0.21:34001,db2=127.0.0.22:34002"'
	-d "acq_db.lock_timeout_ms=$lock_timeout_ms" -d display_errors=stderr)
# shellcheck disable=SC2206
php_base+=(${FSF_PHP_ARGS:-})
# php_node N: the PHP command line of node N (its mount, its own node-local
# state directory: the three "nodes" share this machine's /dev/shm).
php_node() {
	local n=$1
	mkdir -p "$work/state$n"
	printf '%s\0' "${php_base[@]}" -d "acq_db.election_file=${mnt[n - 1]}/election" \
		-d "acq_db.state_dir=$work/state$n" -d "error_log=$work/php$n.log"
}
run_php_node() { # N ARGS...: run PHP as node N
	local n=$1
	shift
	local -a cmd
	mapfile -d '' -t cmd < <(php_node "$n")
	"${cmd[@]}" "$@"
}

run_php_node 1 -r 'acq_db_init("db1");' >/dev/null
active=db1

# --- the nodes ---------------------------------------------------------------
set_phase() {
	printf '%s\n' "$1" >"$work/phase.tmp"
	mv "$work/phase.tmp" "$work/phase"
}
set_phase warmup
for n in 1 2 3; do
	run_php_node "$n" "$here/fs-faults-node.php" "$n" "$work/phase" "$work/node$n.jsonl" \
		"$work/node$n.state" "mysql:host=127.0.0.21;port=34001;dbname=acq_test" \
		>>"$work/node$n.out" 2>&1 &
	node_pids+=($!)
done
node_sees() { # N SERVER: node N's last published view is SERVER
	[[ -s $work/node$1.state ]] &&
		[[ $(jq -r .host "$work/node$1.state" 2>/dev/null) == "${host_of[$2]}" ]] &&
		[[ $(jq -r .at "$work/node$1.state" | cut -d. -f1) -ge $3 ]]
}
all_nodes_see() { # SERVER SINCE_EPOCH_S NODE...: each NODE's view is SERVER, published since
	local s=$1 since=$2 n
	shift 2
	for n in "$@"; do node_sees "$n" "$s" "$since" || return 1; done
}
all_nodes_see_123() { all_nodes_see "$1" "$2" 1 2 3; }
wait_for 60 "all nodes up and seeing db1" all_nodes_see_123 db1 "$t_start"
[[ -x $root/src/cli/acq-db-admin ]] || make -s -C "$root/src/cli" >/dev/null

# --- brick and mount helpers -------------------------------------------------
brick_pid() { # N: pid of brick bN
	local pf
	for pf in /var/run/gluster/vols/"$vol"/*-b"$1".pid; do
		[[ -e $pf ]] && cat "$pf"
	done
}
proc_state() { local st; st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; st=${st##*) }; printf '%s' "${st:0:1}"; }
is_stopped() { [[ $(proc_state "$1") == T ]]; }
is_gone() { ! acq_proc_alive "$1"; }
# probe_start MOUNT OUT: a lookup of a fresh name in the background (AFR asks
# every brick, so it hangs while a brick is frozen).
probe_start() {
	(stat "$1/.fsf-probe-$RANDOM$RANDOM" >"$2" 2>&1; echo "rc=$?" >>"$2") &
	bg_pids+=($!)
}
probe_read_start() { # MOUNT OUT: a read of the election file in the background
	(cat "$1/election" >/dev/null 2>"$2"; echo "rc=$?" >>"$2") &
	bg_pids+=($!)
}
probe_done() { grep -q '^rc=' "$1" 2>/dev/null; }
probe_enotconn() { probe_done "$1" && grep -q 'not connected' "$1"; }
mount_enotconn() { local o; o=$(stat "$1/election" 2>&1) && return 1; [[ $o == *"not connected"* ]]; }
# client_pids MOUNT: FUSE client pids serving MOUNT (an old lazily unmounted
# client has the same command line).
client_pids() {
	local p c
	for p in $(pgrep -x glusterfs 2>/dev/null || true); do
		c=$(acq_proc_cmdline "$p") || continue
		[[ $c == *"--volfile-id=/$vol "* && $c == *" $1 "* ]] && acq_proc_alive "$p" && echo "$p"
	done
	return 0
}
# remount N: mount node N's mount point again (same options as the lib's) and
# record the new client for acq_gluster_down; the old one goes on old_clients.
remount() {
	local n=$1 dir=${mnt[$1 - 1]} p old
	old=$(cat "$gwd/mnt$n.pid" 2>/dev/null || true)
	[[ -n $old ]] && old_clients+=("$old")
	if _acq_g_is_gluster_mount "$dir"; then umount "$dir" 2>/dev/null || umount -l "$dir"; fi
	local end=$((EPOCHSECONDS + 60))
	until mount -t glusterfs -o "log-file=$gwd/mnt$n.log" "$ACQ_GLUSTER_HOST:/$vol" "$dir" &&
		_acq_g_is_gluster_mount "$dir"; do
		if ((EPOCHSECONDS >= end)); then
			fail "could not mount node $n's mount again"
			return 1
		fi
		fsf_ensure_glusterd
		sleep 0.5
	done
	for p in $(client_pids "$dir"); do
		[[ $p == "$old" ]] || printf '%s\n' "$p" >"$gwd/mnt$n.pid"
	done
	wait_for 30 "node $n's mount to work again" stat "$dir/election" >/dev/null 2>&1
}

# --- per fault ---------------------------------------------------------------
other() { [[ $1 == db1 ]] && echo db2 || echo db1; }
elect_pid=""
elect_start() { # NAME: acq_db_switchover(other) from node 1, in the background
	elect_target=$(other "$active")
	# the subshell notes when the PHP process is gone (its exit, not its answer)
	(
		t0=$(date +%s%N)
		run_php_node 1 "$here/fs-faults-elect.php" "$elect_target" >"$work/elect-$1.json" 2>"$work/elect-$1.err"
		echo $((($(date +%s%N) - t0) / 1000000)) >"$work/elect-$1.exit_ms"
	) &
	elect_pid=$!
	bg_pids+=("$elect_pid")
}
# elect_check NAME ACCEPTED_CODES...: the in-fault election's outcome.
elect_check() {
	local name=$1 f=$work/elect-$1.json ok ms code cname
	shift
	wait_for 120 "the election of $name to return" test -s "$f" || return 0
	ok=$(jq -r .ok "$f") ms=$(jq -r .ms "$f") code=$(jq -r .code "$f") cname=$(jq -r .code_name "$f")
	log "$name: election to $elect_target during the fault: $(jq -c 'del(.fs_timeout_code)' "$f")"
	if ((${ms%.*} > elect_bound_ms)); then
		fail "$name: the election took ${ms%.*} ms (bound ${elect_bound_ms} ms = lock_timeout_ms + 1 s)"
	fi
	if [[ $ok == true ]]; then
		active=$elect_target
		return 0
	fi
	local c
	for c in "$@"; do [[ $cname == "$c" ]] && return 0; done
	fail "$name: the election failed with $cname ($code), not success or one of: $*"
}
# The connect-path election: a process on node 1 whose db1 is an address
# where nothing listens (127.0.0.29:34009), so its routed connect elects db2.
# Prepared (state read) before the fault, triggered during it.
conn_bound_ms=$((1000 + lock_timeout_ms + 1000)) # connect_timeout_ms + lock_timeout_ms + 1 s
conn_prepare() { # NAME
	local f=$work/conn-$1.out
	mkdir -p "$work/state-conn-$1"
	run_php_node 1 -d 'acq_db.servers="db1=127.0.0.29:34009,db2=127.0.0.22:34002"' \
		-d acq_db.connect_timeout_ms=1000 -d acq_db.failover_hold_ms=0 \
		-d "acq_db.state_dir=$work/state-conn-$1" \
		"$here/fs-faults-connect.php" "$work/conn-$1.go" "mysql:host=127.0.0.29;port=34009;dbname=acq_test" 127.0.0.29 \
		>"$f" 2>"$work/conn-$1.err" &
	bg_pids+=($!)
	wait_for 30 "the connect-election process of $1 to see db1 active" grep -q '^ready' "$f"
}
conn_trigger() { touch "$work/conn-$1.go"; }
# conn_check NAME: bounded, and a failure names the file system.
conn_check() {
	local name=$1 f=$work/conn-$1.out line ms
	wait_for 120 "the connect-election of $name to return" grep -q '^{' "$f" || return 0
	line=$(grep '^{' "$f")
	ms=$(jq -r '.ms|floor' <<<"$line")
	log "$name: routed connect to a dead db1 (an election) during the fault: $line"
	((ms <= conn_bound_ms)) ||
		fail "$name: the connect-path election took $ms ms (bound $conn_bound_ms ms = connect_timeout_ms + lock_timeout_ms + 1 s)"
	if [[ $(jq -r .ok <<<"$line") == true ]]; then
		# handed out only if the election is recorded: the process's own
		# state must show db2 at a newer epoch
		[[ $(jq -r .port <<<"$line") == 34002 ]] || fail "$name: the connect reached port $(jq -r .port <<<"$line"), not db2"
		jq -e '.after.active == "db2" and .after.epoch > .before.epoch' <<<"$line" >/dev/null ||
			fail "$name: connected to db2 but the process's state does not record it: $line"
	else
		# past the deadline the error names the file system; when the file
		# system answers with an error instead (quorum lost: ENOTCONN), the
		# error it gave is the cause and must be in the message
		local msg
		msg=$(jq -r .message <<<"$line")
		grep -qi -e 'file system' -e 'not connected' <<<"$msg" ||
			fail "$name: the failed connect-path election names neither the file system nor its error: $msg"
		if grep -q 'not connected' <<<"$msg" && grep -qi 'access' <<<"$msg"; then
			log "$name: note: the ENOTCONN message also suggests a permission problem, which this is not"
		fi
	fi
}

# ensure_active SERVER: make SERVER the active one before a fault (the
# connect-path election needs db1 active: that is the "dead" one for it).
ensure_active() {
	active=$(run_php_node 1 -r 'echo acq_db_status()["active"];' 2>/dev/null || echo "$active")
	[[ $active == "$1" ]] && return 0
	run_php_node 1 "$here/fs-faults-elect.php" "$1" rejoin >"$work/ensure-$1.json" 2>/dev/null || true
	[[ $(jq -r .ok "$work/ensure-$1.json" 2>/dev/null) == true ]] || { fail "could not make $1 active: $(cat "$work/ensure-$1.json")"; return 0; }
	active=$1
	wait_for 30 "every node to see $1" all_nodes_see "$1" "$((EPOCHSECONDS - 1))" 1 2 3
}

# recover_check NAME: a switchover succeeds (retried while the file system
# comes back, deadline 90 s) and every node follows it.
recover_check() {
	local name=$1 end=$((EPOCHSECONDS + 90)) f=$work/recover-$1.json t0 since
	# the in-fault election may still land (its write was in flight)
	[[ -n $elect_pid ]] && wait_for 90 "the in-fault election process of $name to exit" is_gone "$elect_pid"
	while :; do
		active=$(run_php_node 1 -r 'echo acq_db_status()["active"];' 2>/dev/null || echo "$active")
		t0=$(date +%s.%N)
		since=$EPOCHSECONDS
		run_php_node 1 "$here/fs-faults-elect.php" "$(other "$active")" rejoin >"$f" 2>/dev/null || true
		[[ $(jq -r .ok "$f" 2>/dev/null) == true ]] && break
		if ((EPOCHSECONDS >= end)); then
			fail "$name: no switchover succeeded within 90 s after recovery: $(cat "$f")"
			return 0
		fi
		sleep 0.2
	done
	active=$(jq -r .active "$f")
	if wait_for 30 "every node to follow the switchover to $active after $name" all_nodes_see_123 "$active" "$since"; then
		log "$name: after recovery, switchover to $active in $(jq -r '.ms|floor' "$f") ms; all nodes follow ($(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s after its start)"
	fi
}
# phase_report NAME: wait until each node has closed phase NAME, print the
# table, assert the request-path bounds.
phase_report() {
	local name=$1 n line calls maxms ok bad errs
	for n in 1 2 3; do
		wait_for 120 "node $n to close phase $name" \
			grep -q "\"phase\":\"$name\"" "$work/node$n.jsonl" || continue
		line=$(grep "\"phase\":\"$name\"" "$work/node$n.jsonl" | tail -n 1)
		calls=$(jq -r .calls <<<"$line") maxms=$(jq -r '.max_active_ms*10|floor/10' <<<"$line")
		ok=$(jq -r .connects_ok <<<"$line") bad=$(jq -r .connects_failed <<<"$line")
		errs=$(jq -r .active_errors <<<"$line")
		printf '  %-16s node %d: %6d calls, longest acq_db_active() %9.1f ms, routed connects %4d ok %3d failed (longest %s ms), active() errors %d\n' \
			"$name" "$n" "$calls" "$maxms" "$ok" "$bad" "$(jq -r '.max_connect_ms|floor' <<<"$line")" "$errs"
		echo "$line" >>"$work/summary.jsonl"
		jq -e ".max_active_ms < $max_call_ms" <<<"$line" >/dev/null ||
			fail "$name: node $n: longest acq_db_active() call ${maxms} ms >= ${max_call_ms} ms"
		((bad == 0)) || fail "$name: node $n: $bad routed connects to live db1 failed: $(jq -r .last_connect_error <<<"$line")"
		((errs == 0)) || fail "$name: node $n: acq_db_active() threw $errs times: $(jq -r .last_active_error <<<"$line")"
	done
}
node_views() { # what an operator would see on each node at the end of a fault
	local n
	for n in 1 2 3; do
		log "  node $n status: $(jq -c '{host, epoch, state_age_ms, last_error, poller}' "$work/node$n.state" 2>/dev/null)"
	done
}

# fault_end NAME WITH_CONNECT CODES...: once the fault is lifted: each node's
# report of the phase, the in-fault election (one of CODES, or success), the
# connect-path election if there was one, and recovery.
fault_end() {
	local name=$1 conn=$2
	shift 2
	set_phase "after-$name"
	phase_report "$name"
	elect_check "$name" "$@"
	((conn)) && conn_check "$name"
	recover_check "$name"
}
# elect_during NAME T0 NODE...: a fault the volume survives (a brick or a
# client gone): a switchover from node 1 returns, and the NODEs that can
# still read follow it; the fault holds 5 s in all.
elect_during() {
	local name=$1 t0=$2
	shift 2
	elect_start "$name"
	wait_for 10 "the election of $name to return" test -s "$work/elect-$name.json" || true
	[[ $(jq -r .ok "$work/elect-$name.json" 2>/dev/null) == true ]] &&
		wait_for 10 "nodes $* to follow the in-fault election of $name" all_nodes_see "$elect_target" "$t0" "$@"
	while ((EPOCHSECONDS - t0 < 5)); do sleep 0.2; done
	node_views
}

# exit_probe_start NAME CMD...: CMD in the background; NAME.exit gets its
# exit status and how long until it was gone (the parent's wait() returns
# only when every thread of it has ended).
exit_probe_start() {
	local name=$1
	shift
	(
		t0=$(date +%s%N)
		"$@" >"$work/$name.out" 2>&1
		echo "rc=$? ms=$((($(date +%s%N) - t0) / 1000000))" >"$work/$name.exit"
	) &
	bg_pids+=($!)
}
# exit_probe_check NAME WHAT BOUND_MS: gone within BOUND_MS, while the brick
# is still stopped (checked before SIGCONT).
exit_probe_check() {
	local name=$1 what=$2 bound=$3 ms
	if [[ ! -s $work/$name.exit ]]; then
		fail "$what: still running $((stop_s)) s into the freeze (held by the volume)"
		return 0
	fi
	ms=$(sed -n 's/.* ms=//p' "$work/$name.exit")
	log "$what: gone after $ms ms ($(cut -d' ' -f1 "$work/$name.exit")); said: $(head -c 300 "$work/$name.out" | tr '\n' ' ')"
	((ms <= bound)) || fail "$what: exited after $ms ms, bound $bound ms"
}

# php-fpm with a static pool of 2 workers on node 1's mount (threads, not
# helpers: fpm's workers are long-lived), each warmed up by a request.
fpm_bin=$(compgen -c php-fpm | sort -V | tail -n 1 || true)
fpm_up() {
	local n=1
	[[ -n $fpm_bin ]] || { log "php-fpm not installed: its reload and stop are not measured"; return 1; }
	cat >"$work/fpm.conf" <<-EOF
		[global]
		pid = $work/fpm.pid
		error_log = $work/fpm.log
		daemonize = no
		[acq]
		listen = $work/fpm.sock
		pm = static
		pm.max_children = 2
		php_admin_value[acq_db.servers] = "db1=127.0.0.21:34001,db2=127.0.0.22:34002"
		php_admin_value[acq_db.election_file] = ${mnt[n - 1]}/election
		php_admin_value[acq_db.state_dir] = $work/state$n
		php_admin_value[acq_db.lock_timeout_ms] = $lock_timeout_ms
		php_admin_value[error_log] = $work/fpm-php.log
	EOF
	"$fpm_bin" -n -R -F -y "$work/fpm.conf" -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql \
		-d "extension=$root/modules/acq_db.so" >>"$work/fpm.out" 2>&1 &
	fpm_pid=$!
	wait_for 30 "php-fpm to listen" test -S "$work/fpm.sock" || return 1
	for _ in 1 2 3 4; do fpm_get >/dev/null || true; done
}
fpm_get() { php -n "$here/fcgi-get.php" "$work/fpm.sock" "$here/fs-faults-fpm.php" 3; }
fpm_workers() { pgrep -P "$fpm_pid" 2>/dev/null | sort | tr '\n' ' '; }
# fpm_during_freeze T0: reload, then stop php-fpm while the brick is frozen;
# each step's time is noted in the background (they may wait for the volume).
fpm_during_freeze() {
	local t0=$1
	[[ -n $fpm_pid ]] && acq_proc_alive "$fpm_pid" || return 0
	fpm_old_workers=$(fpm_workers)
	(
		ts=$(date +%s%N)
		kill -USR2 "$fpm_pid"
		# reloaded: php-fpm re-executes itself (same pid) with new workers
		until w=$(fpm_workers) && [[ -n $w && $w != "$fpm_old_workers" ]] && ! grep -qw -f <(tr ' ' '\n' <<<"$fpm_old_workers" | grep .) <<<"$w"; do
			sleep 0.05
		done
		echo "reload_ms=$((($(date +%s%N) - ts) / 1000000)) at_s=$((EPOCHSECONDS - t0)) workers=$w" >"$work/fpm-reload"
		r=$(fpm_get 2>&1 | head -c 300)
		echo "request after reload: $r" >>"$work/fpm-reload"
		ts=$(date +%s%N)
		kill -QUIT "$fpm_pid"
		while acq_proc_alive "$fpm_pid"; do sleep 0.05; done
		echo "stop_ms=$((($(date +%s%N) - ts) / 1000000)) at_s=$((EPOCHSECONDS - t0))" >"$work/fpm-stop"
	) &
	bg_pids+=($!)
}
fpm_report() { # after the freeze: how long reload and stop took, bounded
	local f end=$((EPOCHSECONDS + fpm_after_s))
	[[ -n $fpm_pid ]] || return 0
	wait_for_quiet "$fpm_after_s" test -s "$work/fpm-stop" || true
	for f in fpm-reload fpm-stop; do
		if [[ -s $work/$f ]]; then
			log "brick-stop: php-fpm ${f#fpm-} during the freeze: $(tr '\n' ' ' <"$work/$f")"
		else
			fail "brick-stop: php-fpm ${f#fpm-} had not finished $fpm_after_s s after the brick resumed"
		fi
	done
	grep -h "WARNING\|ERROR" "$work/fpm.log" 2>/dev/null | tail -n 5 | sed 's/^/fs-faults:   fpm.log: /'
	fpm_pid=""
}

fault_brick_stop() {
	local name=brick-stop b pid t0
	b=2 pid=$(brick_pid $b)
	conn_prepare "$name"
	fpm_up || fpm_pid=""
	log "$name: SIGSTOP brick b$b (pid $pid) for ${stop_s} s"
	kill -STOP "$pid"
	wait_for 10 "brick b$b to be stopped" is_stopped "$pid"
	t0=$EPOCHSECONDS
	set_phase "$name"
	probe_start "${mnt[0]}" "$work/probe-$name"
	sleep 1
	if probe_done "$work/probe-$name"; then
		log "$name: note: a lookup on mount 1 did NOT hang: $(cat "$work/probe-$name")"
	else
		log "$name: fault in force: a lookup on mount 1 hangs"
	fi
	# short-lived processes: the operator tool (its bound: the 5 s it waits
	# for a read, + 2 s) and a PHP CLI switchover (lock_timeout_ms + 1 s, + 2 s)
	exit_probe_start "status-$name" "$root/src/cli/acq-db-admin" status -f "${mnt[0]}/election" \
		-s "db1=127.0.0.21:34001,db2=127.0.0.22:34002" --state-dir "$work/state1"
	elect_start "$name"
	fpm_during_freeze "$t0"
	wait_for_quiet $((elect_bound_ms / 1000 + 1)) test -s "$work/elect-$name.json" || true
	conn_trigger "$name"
	wait_for_quiet $((conn_bound_ms / 1000 + 1)) grep -q '^{' "$work/conn-$name.out" || true
	while ((EPOCHSECONDS - t0 < stop_s)); do sleep 0.2; done
	node_views
	exit_probe_check "status-$name" "$name: acq-db-admin status" 7000
	if [[ -s $work/elect-$name.exit_ms ]]; then
		log "$name: the PHP CLI acq_db_failover() process was gone after $(cat "$work/elect-$name.exit_ms") ms"
		(($(cat "$work/elect-$name.exit_ms") <= elect_bound_ms + 2000)) ||
			fail "$name: the PHP CLI switchover process exited after $(cat "$work/elect-$name.exit_ms") ms (bound $((elect_bound_ms + 2000)))"
	else
		fail "$name: the PHP CLI switchover process still runs ${stop_s} s into the freeze (held by the volume)"
	fi
	kill -CONT "$pid"
	log "$name: SIGCONT brick b$b after $((EPOCHSECONDS - t0)) s"
	fpm_report
	fault_end "$name" 1 ACQ_DB_E_FS_TIMEOUT
}

fault_brick_kill() {
	local name=brick-kill b pid newpid t0
	b=3 pid=$(brick_pid $b)
	log "$name: SIGKILL brick b$b (pid $pid)"
	kill -KILL "$pid"
	wait_for 10 "brick b$b to be gone" is_gone "$pid"
	t0=$EPOCHSECONDS
	set_phase "$name"
	elect_during "$name" "$t0" 1 2 3
	g volume start "$vol" force >/dev/null
	newpid_ok() { newpid=$(brick_pid $b) && [[ -n $newpid && $newpid != "$pid" ]] && acq_proc_alive "$newpid"; }
	wait_for 30 "brick b$b to run again" newpid_ok
	log "$name: brick b$b restarted (pid $newpid) after $((EPOCHSECONDS - t0)) s"
	fault_end "$name" 0 ACQ_DB_E_FS_TIMEOUT
}

fault_client_kill() {
	local name=client-kill n=3 pid t0
	pid=$(cat "$gwd/mnt$n.pid")
	log "$name: SIGKILL node $n's FUSE client (pid $pid)"
	kill -KILL "$pid"
	wait_for 10 "node $n's client to be gone" is_gone "$pid"
	wait_for 10 "ENOTCONN on node $n" mount_enotconn "${mnt[n - 1]}"
	stat "${mnt[0]}/election" >/dev/null || fail "$name: node 1 was affected by node $n's client"
	t0=$EPOCHSECONDS
	set_phase "$name"
	elect_during "$name" "$t0" 1 2
	umount "${mnt[n - 1]}" 2>/dev/null || umount -l "${mnt[n - 1]}"
	remount "$n"
	log "$name: node $n remounted after $((EPOCHSECONDS - t0)) s"
	fault_end "$name" 0 ACQ_DB_E_FS_TIMEOUT
}

fault_lazy_umount() {
	local name=lazy-umount n=2 t0
	log "$name: umount -l of node $n's mount under its running process"
	umount -l "${mnt[n - 1]}"
	not_mounted() { ! _acq_g_is_gluster_mount "${mnt[n - 1]}"; }
	wait_for 10 "node $n's mount to be gone" not_mounted
	t0=$EPOCHSECONDS
	set_phase "$name"
	elect_during "$name" "$t0" 1 3
	remount "$n"
	log "$name: node $n remounted after $((EPOCHSECONDS - t0)) s"
	fault_end "$name" 0 ACQ_DB_E_FS_TIMEOUT
}

# clients_reconfigured S: every client has applied ping-timeout S (options
# are reconfigured in place, without a new graph).
clients_reconfigured() {
	local n
	for n in 1 2 3; do
		grep -q "option ping-timeout using set value $1" "$gwd/mnt$n.log" || return 1
	done
}
fault_two_bricks_stop() {
	local name=two-bricks-stop p1 p2 t0
	ensure_active db1
	conn_prepare "$name"
	log "$name: network.ping-timeout=$quorum_ping_s for this case (42 s default otherwise)"
	g volume set "$vol" network.ping-timeout "$quorum_ping_s" >/dev/null
	wait_for 30 "every client to apply the new ping-timeout" clients_reconfigured "$quorum_ping_s"
	p1=$(brick_pid 1) p2=$(brick_pid 2)
	log "$name: SIGSTOP bricks b1 (pid $p1) and b2 (pid $p2)"
	kill -STOP "$p1" "$p2"
	wait_for 10 "bricks b1 and b2 to be stopped" is_stopped "$p1" && wait_for 10 "b2 stopped" is_stopped "$p2"
	t0=$EPOCHSECONDS
	set_phase "$name"
	probe_read_start "${mnt[0]}" "$work/probe-$name"
	# Quorum is lost once ping-timeout has passed: the election starts then.
	# Measured here: mount 1 answered ENOTCONN after the ping-timeout, but
	# other clients' reads could stay blocked until the bricks resumed (the
	# reconnect to a stopped brick hangs in its handshake), so ENOTCONN is
	# reported, not required.
	enotconn_seen() { probe_enotconn "$work/probe-$name" || grep -qs 'not connected' "$work"/node[123].state; }
	if wait_for_quiet $((quorum_ping_s + 5)) enotconn_seen; then
		log "$name: quorum lost: ENOTCONN seen after $((EPOCHSECONDS - t0)) s"
	else
		log "$name: note: no ENOTCONN within ping-timeout + 5 s (reads still blocked)"
	fi
	elect_start "$name"
	wait_for_quiet $((elect_bound_ms / 1000 + 1)) test -s "$work/elect-$name.json" || true
	conn_trigger "$name"
	wait_for_quiet $((conn_bound_ms / 1000 + 1)) grep -q '^{' "$work/conn-$name.out" || true
	while ((EPOCHSECONDS - t0 < quorum_ping_s + 8)); do sleep 0.2; done
	probe_done "$work/probe-$name" && log "$name: read probe on mount 1: $(tr '\n' ' ' <"$work/probe-$name")"
	node_views
	kill -CONT "$p1" "$p2"
	log "$name: SIGCONT b1 and b2 after $((EPOCHSECONDS - t0)) s"
	fault_end "$name" 1 ACQ_DB_E_FS_TIMEOUT ACQ_DB_E_IO
}

# A fault case that could not even be set up is a failure, not an abort:
# the remaining cases still run (and the EXIT trap cleans up).
for f in brick_stop brick_kill client_kill lazy_umount two_bricks_stop; do
	"fault_$f" || fail "fault case $f did not complete"
done

set_phase stop
echo
log "summary (longest acq_db_active() call per fault, worst node):"
for f in brick-stop brick-kill client-kill lazy-umount two-bricks-stop; do
	printf '  %-16s %9.1f ms\n' "$f" "$(jq -s "map(select(.phase==\"$f\")|.max_active_ms)|max // -1" "$work/summary.jsonl" 2>/dev/null || echo -1)"
done
log "wall time $((EPOCHSECONDS - t_start)) s"
if ((${#failures[@]})); then
	log "${#failures[@]} failures"
	exit 1
fi
log "all fault cases passed"
