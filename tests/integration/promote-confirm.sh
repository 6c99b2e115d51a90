#!/usr/bin/env bash
# Confirmed, data-driven elections against real MariaDB 10.11 (docs/failover.md,
# "Confirmation"). db1 (master), db2 and db3 (read_only replicas with
# MASTER_HEARTBEAT_PERIOD=0.5) listen on addresses of the host's end of a
# veth pair (10.231.78.1-3); web node A runs on the host and reaches them
# all; web node B runs in a network namespace whose only routes lead to db2
# and db3: its path to the healthy db1 is broken while the farm's is not.
# Writers open a new connection per write (tests/integration/promote.php)
# with acq_db's defaults (connect_timeout_ms 1000) and promotion on.
# Cases (one fresh set of servers each):
#   path-broken   B's writes fail with "db1 is unreachable from this node but
#                 alive per db2's replication"; 0 elections; A goes on on db1
#   stall         db1 SIGSTOPped for 1.5 s under a writer: 0 elections
#   frozen        db1 SIGSTOPped for good: election; time to the first write on db2
#   kill          db1 SIGKILLed: election; time to the first write on db2
#   ahead         three servers, db3 received 30 writes db2 did not (db2's IO
#                 thread stopped): db3 is elected, 0 acknowledged writes lost,
#                 db2 replicates from db3 afterwards; then db3 is killed too
#                 (a second failure): db2 is elected, 0 acknowledged writes lost
#   ipv6          db1 and db2 on [::1] with promotion on: SIGKILL elects and promotes db2
#   switch-kill   three servers: acq_db_failover('db2') (db1 left demoted,
#                 db3 re-pointed to db2), then db2 killed: db3 elected, 0 lost
#   tests/integration/promote-confirm.sh [CASE...]   (root; run under flock /tmp/acq_db-servers.lock)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/mariadb.sh
. "$root/tests/lib/mariadb.sh"
work=$(mktemp -d /tmp/acq_db_confirm.XXXXXX)
mkdir -m 1777 "$work/shm"
mkdir -p "$work/db"
ns=acqconf$$
vh=acqch$$
vp=acqcp$$
H1=10.231.78.1 H2=10.231.78.2 H3=10.231.78.3 P=10.231.78.9
PORT1=35021 PORT2=35022 PORT3=35023
PW='Conf-7d2k-Adm1n'
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	acq_mariadb_stop_all "$work/db" 2>/dev/null || true
	ip link del "$vh" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
failures=0
note() { printf 'confirm: %s\n' "$*"; }
fail() { printf 'confirm: FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); return 1; }
sql() { mariadb --no-defaults --socket="$work/db/$1.sock" -uroot --batch --skip-column-names -e "$2"; }
slave_field() {
	mariadb --no-defaults --socket="$work/db/$1.sock" -uroot -e "SHOW ALL SLAVES STATUS\G" | awk -v f="$2:" '$1 == f { print $2 }'
}
ADMIN_GRANT="GRANT READ_ONLY ADMIN, REPLICATION SLAVE ADMIN, SLAVE MONITOR, RELOAD, CONNECTION ADMIN, PROCESS ON *.* TO 'acq_admin'@'%'"

ip netns add "$ns"
ip link add "$vh" type veth peer name "$vp"
ip link set "$vp" netns "$ns"
for a in $H1 $H2 $H3; do ip addr add "$a/32" dev "$vh"; done
ip link set "$vh" up
ip route add "$P/32" dev "$vh"
ip netns exec "$ns" ip addr add "$P/32" dev "$vp"
ip netns exec "$ns" ip link set "$vp" up
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip route add "$H2/32" dev "$vp" # db2 and db3 only: no route to db1
ip netns exec "$ns" ip route add "$H3/32" dev "$vp"
cnf=$work/admin.cnf
# ssl-mode=DISABLED: these servers have no TLS and some sit on a private
# veth (10.231.78.0/24); acq_db refuses admin sessions off the host without
# verified TLS unless the file says so (docs/promotion.md)
printf '[client]\nuser=acq_admin\npassword="%s"\nssl-mode=DISABLED\n' "$PW" >"$cnf"
chmod 0600 "$cnf"

# set CASE N: db1 master, db2 (and db3 when N=3) its replicas, the election file at db1
set_up() {
	local c=$1 n=$2 i s end
	efile=$work/$c.election
	servers="db1=$H1:$PORT1,db2=$H2:$PORT2"
	[ "$n" = 3 ] && servers="$servers,db3=$H3:$PORT3"
	names=("$c-db1" "$c-db2")
	[ "$n" = 3 ] && names+=("$c-db3")
	acq_mariadb_start "${names[0]}" "$H1" "$PORT1" "$work/db" --log-slave-updates 2>>"$work/db.log"
	acq_mariadb_start "${names[1]}" "$H2" "$PORT2" "$work/db" --log-slave-updates --read-only=1 2>>"$work/db.log"
	[ "$n" = 3 ] && acq_mariadb_start "${names[2]}" "$H3" "$PORT3" "$work/db" --log-slave-updates --read-only=1 2>>"$work/db.log"
	for s in "${names[@]}"; do
		sql "$s" "SET sql_log_bin=0; CREATE USER repl@'%' IDENTIFIED BY 'repl'; GRANT REPLICATION SLAVE ON *.* TO repl@'%';
			CREATE USER acq_admin@'%' IDENTIFIED BY '$PW'; $ADMIN_GRANT;"
	done
	for i in "${names[@]:1}"; do
		sql "$i" "CHANGE MASTER TO MASTER_HOST='$H1', MASTER_PORT=$PORT1, MASTER_USER='repl', MASTER_PASSWORD='repl',
			MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=0.5; START SLAVE;"
	done
	sql "${names[0]}" "CREATE TABLE acq_test.writes (id VARCHAR(64) PRIMARY KEY, node VARCHAR(64)) ENGINE=InnoDB"
	for i in "${names[@]:1}"; do wait_received "$i" "${names[0]}" || return 1; done
	php_node A -r 'acq_db_init("db1");' >/dev/null
}

wait_received() { # replica master
	local end=$((SECONDS + 30))
	until [ "$(slave_field "$1" Gtid_IO_Pos)" = "$(sql "$2" 'SELECT @@gtid_binlog_pos')" ]; do
		[ $SECONDS -lt $end ] || { fail "$1 did not receive $2's writes"; return 1; }
		sleep 0.05
	done
}

php_node() { ( php_node_exec "$@" ); }
php_node_exec() { # A|B args...
	local node=$1 pre=()
	shift
	[ "$node" = B ] && pre=(ip netns exec "$ns")
	ACQ_PROMOTE_MEMBER=${ACQ_PROMOTE_MEMBER:-$H1:$PORT1} exec "${pre[@]}" php -n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql \
		-d "extension=$root/modules/acq_db.so" -d "acq_db.servers=\"$servers\"" \
		-d "acq_db.election_file=$efile" -d "acq_db.state_dir=$work/shm" -d "acq_db.admin_credentials=$cnf" \
		-d acq_db.failover_hold_ms=0 -d mysqlnd.net_read_timeout=3 \
		-d log_errors=1 -d "error_log=$work/php-$node.log" "$@"
}
epoch() { php_node A -r 'echo acq_db_status()["epoch"];'; }
active() { php_node A -r 'echo acq_db_status()["active"];'; }
acked() { awk '$1 == "ok" { print $2 }' "$@" | sort; }
on_server() { sql "$1" "SELECT id FROM acq_test.writes ORDER BY id" | sort; }
lost_on() { comm -23 <(acked "${@:2}") <(on_server "$1") | wc -l; }

start_writer() { # NODE CASE OUT
	: >"$3"
	php_node_exec "$1" "$root/tests/integration/promote.php" loop "$2-$1" "$work/$2.stop" "$3" </dev/null >/dev/null 2>>"$work/$2.err" &
	pids+=($!)
}
stop_writers() { # CASE
	touch "$work/$1.stop"
	wait "${pids[@]}" 2>/dev/null || true
	pids=()
}
wait_oks() { # FILE PATTERN N
	local end=$((SECONDS + 30))
	until [ "$(grep -c "$2" "$1")" -ge "$3" ]; do
		[ $SECONDS -lt $end ] || { tail -n 3 "$1" >&2; return 1; }
		sleep 0.05
	done
}
case_path_broken() {
	local c=path-broken a b out
	set_up "$c" 2 || return 1
	a=$work/$c.A
	b=$work/$c.B
	start_writer A "$c" "$a"
	start_writer B "$c" "$b"
	wait_oks "$a" "^ok .* $PORT1\$" 100 || fail "$c: node A did not write on db1"
	wait_oks "$b" "^err " 5 || fail "$c: node B's writes did not fail"
	stop_writers "$c"
	[ "$(epoch)" = 1 ] || fail "$c: an election happened (epoch $(epoch))"
	[ "$(sql "${names[1]}" 'SELECT @@global.read_only')" = 1 ] || fail "$c: db2 was made writable"
	[ "$(sql "${names[0]}" 'SELECT @@global.read_only')" = 0 ] || fail "$c: db1 was fenced"
	grep -q "db1 is unreachable from this node but alive per db2's replication" "$b" ||
		{ head -n 2 "$b" >&2; fail "$c: node B's error does not name the cause"; }
	# the node says it is cut off where a health check can see it; the other does not
	local probe='try { new PDO("mysql:host='"$H1"';port='"$PORT1"'", "acq_app", "acq"); } catch (PDOException $e) {}
		$i = acq_db_status()["isolated"]; echo $i === null ? "none" : "isolated: " . $i["reason"];'
	out=$(php_node B -r "$probe")
	[[ $out == "isolated: "*"alive per db2's replication"* ]] || fail "$c: node B is not flagged isolated ($out)"
	out=$(php_node A -r "$probe")
	[ "$out" = none ] || fail "$c: node A is flagged isolated ($out)"
	out=$(grep -m1 '^err ' "$b" | cut -d' ' -f5- | cut -c1-260)
	note "$c: 0 elections; node A: $(grep -c '^ok' "$a") writes on db1; node B: $(grep -c '^ok' "$b") ok," \
		"$(grep -c '^err' "$b") refused, e.g. \"$out\""
}

# single writes, one new PHP process every 50 ms (connects arriving as from a
# busy farm), for SECONDS s; each file gets the write's line and its end time
spawn_writes() { # CASE DURATION_S
	local c=$1 n i
	n=$(awk -v d="$2" 'BEGIN { printf "%d", d * 20 }')
	mkdir -p "$work/$c.spawn"
	for ((i = 1; i <= n; i++)); do
		{ php_node A "$root/tests/integration/promote.php" write "$c-s$i" 1 >"$work/$c.spawn/$i" 2>&1
		  date +%s.%N >>"$work/$c.spawn/$i"; } </dev/null &
		spawned+=($!)
		sleep 0.05 # the pace of the arriving connects, not a synchronisation
	done
}
spawned=()
wait_spawned() { wait "${spawned[@]}" 2>/dev/null || true; spawned=(); }
# "START END PORT" of every acknowledged spawned write, by start time
spawned_oks() { local f; for f in "$work/$1.spawn"/*; do awk 'NR == 1 && $1 == "ok" { s = $3; p = $4 } NR == 2 && s { print s, $1, p }' "$f"; done | sort -n; }

case_stall() {
	local c=stall a n_ok
	set_up "$c" 2 || return 1
	a=$work/$c.A
	start_writer A "$c" "$a"
	wait_oks "$a" "^ok" 50 || fail "$c: the writer did not get going"
	acq_mariadb_freeze "${names[0]}"
	spawn_writes "$c" 1.5 # the fault lasts while the connects arrive: 1.5 s
	acq_mariadb_thaw "${names[0]}"
	wait_spawned
	n_ok=$(grep -c '^ok' "$a")
	wait_oks "$a" "^ok .* $PORT1\$" $((n_ok + 50)) || fail "$c: writes did not go on on db1 after the stall"
	stop_writers "$c"
	[ "$(epoch)" = 1 ] || fail "$c: the 1.5 s stall caused an election (epoch $(epoch))"
	note "$c: 0 elections after a 1.5 s SIGSTOP with a new connect every 50 ms: $(spawned_oks "$c" | wc -l) of" \
		"$(ls "$work/$c.spawn" | wc -l) spawned writes acknowledged (by db1), $(grep -l '^err' "$work/$c.spawn"/* | wc -l) refused;" \
		"$(grep -l 'alive per db2' "$work/$c.spawn"/* | wc -l) of the refusals name db2's replication"
	grep -h "alive per\|not confirmed dead" "$work/php-A.log" | head -n 1 | cut -c1-300 | sed 's/^/confirm:   log: /'
}

case_fault_elects() { # CASE SIGNAL(freeze|KILL)
	local c=$1 a t_fault ms first
	set_up "$c" 2 || return 1
	a=$work/$c.A
	start_writer A "$c" "$a"
	wait_oks "$a" "^ok" 50 || fail "$c: the writer did not get going"
	t_fault=$(date +%s.%N)
	if [ "$2" = KILL ]; then acq_mariadb_stop "${names[0]}" KILL; else acq_mariadb_freeze "${names[0]}"; fi
	spawn_writes "$c" 4
	wait_spawned
	wait_oks "$a" "^ok .* $PORT2\$" 20 || fail "$c: no writes on db2 after the fault"
	stop_writers "$c"
	[ "$(active)" = db2 ] || fail "$c: db2 was not elected"
	first=$(spawned_oks "$c" | awk -v p="$PORT2" '$3 == p' | sort -k2,2n | head -n 1)
	ms=$(awk -v t="$t_fault" -v e="$(cut -d' ' -f2 <<<"$first")" 'BEGIN { printf "%.0f", (e - t) * 1000 }')
	[ -n "$first" ] || fail "$c: no spawned write was acknowledged by db2"
	[ "$(lost_on "${names[1]}" "$a")" = 0 ] || [ "$2" != KILL ] || fail "$c: $(lost_on "${names[1]}" "$a") acknowledged writes missing on db2"
	note "$c: first write acknowledged by db2 ${ms} ms after the fault (writes started every 50 ms);" \
		"$(grep -l '^err' "$work/$c.spawn"/* | wc -l) of $(ls "$work/$c.spawn" | wc -l) spawned writes failed;" \
		"acknowledged writes of the steady writer missing on db2: $(lost_on "${names[1]}" "$a")"
	grep -h "confirmed dead" "$work/php-A.log" | head -n 1 | cut -c1-300 | sed 's/^/confirm:   log: /'
	grep -h "elected db2" "$work/php-A.log" | head -n 1 | cut -c1-40 | sed 's/^/confirm:   log: /'
	[ "$2" = KILL ] || acq_mariadb_stop "${names[0]}" KILL
}

case_ahead() {
	local c=ahead before after end
	set_up "$c" 3 || return 1
	before=$work/$c.before
	after=$work/$c.after
	sql "${names[1]}" "STOP SLAVE IO_THREAD"
	ACQ_PROMOTE_MEMBER=$H1:$PORT1 php_node A "$root/tests/integration/promote.php" write "$c" 30 >"$before"
	[ "$(grep -c '^ok' "$before")" = 30 ] || fail "$c: writes before the kill failed"
	wait_received "${names[2]}" "${names[0]}"
	acq_mariadb_stop "${names[0]}" KILL
	php_node A "$root/tests/integration/promote.php" write "$c-after" 10 >"$after"
	[ "$(grep -c "^ok .* $PORT3\$" "$after")" = 10 ] || { cat "$after" >&2; fail "$c: writes after the kill did not go to db3"; }
	[ "$(active)" = db3 ] || fail "$c: db3 (ahead) was not elected: $(active)"
	[ "$(lost_on "${names[2]}" "$before" "$after")" = 0 ] || fail "$c: $(lost_on "${names[2]}" "$before" "$after") acknowledged writes lost"
	[ "$(slave_field "${names[1]}" Master_Port)" = "$PORT3" ] || fail "$c: db2 does not replicate from db3"
	end=$((SECONDS + 30))
	until [ "$(lost_on "${names[1]}" "$before" "$after")" = 0 ]; do
		[ $SECONDS -lt $end ] || { fail "$c: db2 did not catch up from db3"; break; }
		sleep 0.05
	done
	note "$c: db3 (ahead by 30 writes) elected; 40 of 40 acknowledged writes on db3; db2 re-pointed to db3 and caught up"
	grep -h "candidates to replace db1" "$work/php-A.log" | head -n 1 | cut -c1-300 | sed 's/^/confirm:   log: /'
	# a second failure: db2 follows db3, so it has db3's writes
	acq_mariadb_stop "${names[2]}" KILL
	php_node A "$root/tests/integration/promote.php" write "$c-second" 10 >"$work/$c.second"
	[ "$(grep -c "^ok .* $PORT2\$" "$work/$c.second")" = 10 ] || { cat "$work/$c.second" >&2; fail "$c: writes after the second failure did not go to db2"; }
	[ "$(lost_on "${names[1]}" "$before" "$after" "$work/$c.second")" = 0 ] ||
		fail "$c: second failure: $(lost_on "${names[1]}" "$before" "$after" "$work/$c.second") acknowledged writes lost"
	note "$c: second failure (db3 killed): db2 elected, 50 of 50 acknowledged writes on db2"
}

case_switchover_then_kill() {
	local c=switch-kill before mid after fo
	set_up "$c" 3 || return 1
	before=$work/$c.before
	mid=$work/$c.mid
	after=$work/$c.after
	php_node A "$root/tests/integration/promote.php" write "$c" 20 >"$before"
	fo=$(php_node A "$root/tests/integration/promote.php" failover db2)
	[ "$fo" = db2 ] || fail "$c: acq_db_failover('db2') failed: $fo"
	[ "$(slave_field "${names[2]}" Master_Port)" = "$PORT2" ] || fail "$c: db3 was not re-pointed to db2"
	php_node A "$root/tests/integration/promote.php" write "$c-mid" 20 >"$mid"
	wait_received "${names[2]}" "${names[1]}"
	acq_mariadb_stop "${names[1]}" KILL
	php_node A "$root/tests/integration/promote.php" write "$c-after" 10 >"$after"
	[ "$(grep -c "^ok .* $PORT3\$" "$after")" = 10 ] || { cat "$after" >&2; fail "$c: writes after the kill did not go to db3"; }
	[ "$(sql "${names[0]}" 'SELECT @@global.read_only')" = 1 ] || fail "$c: the old master db1 is writable"
	[ "$(lost_on "${names[2]}" "$before" "$mid" "$after")" = 0 ] ||
		fail "$c: $(lost_on "${names[2]}" "$before" "$mid" "$after") acknowledged writes lost"
	note "$c: switchover db1 -> db2 (db1 $(grep -q 'db1 is left demoted' "$work/php-A.log" && echo 'left demoted' || echo 'a replica'), db3 re-pointed)," \
		"then db2 killed: db3 elected, 50 of 50 acknowledged writes on db3, db1 read-only"
}

# IPv6 loopback members with promotion on: the admin sessions reach [::1]
case_ipv6() {
	local c=ipv6 before after
	efile=$work/$c.election
	servers="db1=[::1]:$PORT1,db2=[::1]:$PORT2"
	names=("$c-db1" "$c-db2")
	acq_mariadb_start "${names[0]}" ::1 "$PORT1" "$work/db" --log-slave-updates 2>>"$work/db.log"
	acq_mariadb_start "${names[1]}" ::1 "$PORT2" "$work/db" --log-slave-updates --read-only=1 2>>"$work/db.log"
	for s in "${names[@]}"; do
		sql "$s" "SET sql_log_bin=0; CREATE USER repl@'%' IDENTIFIED BY 'repl'; GRANT REPLICATION SLAVE ON *.* TO repl@'%';
			CREATE USER acq_admin@'%' IDENTIFIED BY '$PW'; $ADMIN_GRANT;"
	done
	sql "${names[1]}" "CHANGE MASTER TO MASTER_HOST='::1', MASTER_PORT=$PORT1, MASTER_USER='repl', MASTER_PASSWORD='repl',
		MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=0.5; START SLAVE;"
	sql "${names[0]}" "CREATE TABLE acq_test.writes (id VARCHAR(64) PRIMARY KEY, node VARCHAR(64)) ENGINE=InnoDB"
	wait_received "${names[1]}" "${names[0]}" || return 1
	php_node A -r 'acq_db_init("db1");' >/dev/null
	before=$work/$c.before
	after=$work/$c.after
	ACQ_PROMOTE_MEMBER="::1:$PORT1" php_node A "$root/tests/integration/promote.php" write "$c" 10 >"$before"
	wait_received "${names[1]}" "${names[0]}"
	acq_mariadb_stop "${names[0]}" KILL
	ACQ_PROMOTE_MEMBER="::1:$PORT1" php_node A "$root/tests/integration/promote.php" write "$c-after" 5 >"$after"
	[ "$(grep -c "^ok .* $PORT2\$" "$after")" = 5 ] || { cat "$after" >&2; fail "$c: writes after the kill did not go to db2"; }
	[ "$(sql "${names[1]}" 'SELECT @@global.read_only')" = 0 ] || fail "$c: db2 was not promoted over IPv6"
	[ "$(lost_on "${names[1]}" "$before" "$after")" = 0 ] || fail "$c: acknowledged writes lost"
	note "$c: members on [::1]: db1 killed, db2 confirmed, promoted and elected over IPv6 admin sessions; 15 of 15 on db2"
}

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(path-broken stall frozen kill ahead switch-kill ipv6)
for c in "${cases[@]}"; do
	: >"$work/php-A.log"
	case $c in
	path-broken) case_path_broken || true ;;
	stall) case_stall || true ;;
	frozen) case_fault_elects frozen freeze || true ;;
	kill) case_fault_elects kill KILL || true ;;
	ahead) case_ahead || true ;;
	switch-kill) case_switchover_then_kill || true ;;
	ipv6) case_ipv6 || true ;;
	*) fail "unknown case $c" || true ;;
	esac
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	pids=()
	acq_mariadb_stop_all "$work/db" 2>/dev/null || true
done
if grep -rlF --exclude='*.cnf' --exclude-dir=db -- "$PW" "$work" 2>/dev/null; then
	fail "the admin password appears in the files above"
fi
[ "$failures" = 0 ] || { echo "confirm: $failures failure(s)" >&2; exit 1; }
note "all cases passed"
