#!/usr/bin/env bash
# Promotion against real MariaDB GTID pairs whose standby runs read_only=1:
# the application (user acq_app, no READ ONLY ADMIN) writes through acq_db,
# and the promotion runs with a least-privilege admin user read from a 0600
# option file. One fresh pair per case, on 127.0.0.31:35001 (db1, master) and
# 127.0.0.32:35002 (db2, replica), in a temp dir; everything started is
# stopped by PID on exit. Cases:
#   kill-async, kill-semi   SIGKILL of the master: the next write elects db2,
#                           which is promoted (caught up, replication reset,
#                           read_only=0); every acknowledged write is on db2
#   lag-waited              MASTER_DELAY=2, catchup 8 s: the election waits
#   lag-skipped             MASTER_DELAY=60, catchup 1 s: db2 is skipped, untouched
#   sql-stopped             SQL thread stopped on purpose: skipped, not restarted
#   broken                  replication stopped with error 1062: never promoted
#   switchover              acq_db_switchover() under a steady writer (semi-sync):
#                           old master read_only=1 and its connections killed;
#                           no acknowledged write lost, nothing on db1 that db2 lacks
#   credentials             world-readable / bad file: fail closed with a clear
#                           error; a wrong password skips the candidate
# The admin password is grepped for in every output and log: it must not appear.
#   tests/integration/promote.sh [CASE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/mariadb.sh
. "$root/tests/lib/mariadb.sh"
work=$(mktemp -d /tmp/acq_db_promote.XXXXXX)
mkdir -m 1777 "$work/shm" # the node pages (acq_db.state_dir) of this test, not /dev/shm
mkdir -p "$work/db"
cleanup() {
	[ -n "${writer_pid:-}" ] && kill "$writer_pid" 2>/dev/null || true
	[ -n "${holder_pid:-}" ] && kill "$holder_pid" 2>/dev/null || true
	acq_mariadb_stop_all "$work/db" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
A=(127.0.0.31 35001)
B=(127.0.0.32 35002)
PW='Adm1n-9f3k-Qz7w'
failures=0
note() { printf 'promote: %s\n' "$*"; }
# a case's summary line, only when the case had no failure
ok_note() { if [ "$failures" = "$case_start" ]; then note "$@"; fi; }
fail() { printf 'promote: FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); return 1; }

sql() { mariadb --no-defaults --socket="$work/db/$1.sock" -uroot --batch --skip-column-names -e "$2"; }
slave_field() {
	mariadb --no-defaults --socket="$work/db/$1.sock" -uroot -e "SHOW ALL SLAVES STATUS\G" | awk -v f="$2:" '$1 == f { print $2 }'
}

# The exact grants docs/promotion.md gives for MariaDB 10.11.
ADMIN_GRANT="GRANT READ_ONLY ADMIN, REPLICATION SLAVE ADMIN, SLAVE MONITOR, RELOAD, CONNECTION ADMIN, PROCESS ON *.* TO 'acq_admin'@'%'"

write_cnf() { # FILE MODE PASSWORD
	printf '[client]\nuser = acq_admin\npassword = "%s"\n' "$3" >"$1"
	chmod "$2" "$1"
}

# pair CASE async|semi [CHANGE MASTER options]: fresh db1 -> db2, table writes, election file at db1
pair() {
	local c=$1 mode=$2 cm=${3:-} m=() r=()
	m1=$c-db1 m2=$c-db2
	if [ "$mode" = semi ]; then
		m=(--rpl-semi-sync-master-enabled=ON --rpl-semi-sync-master-wait-point=AFTER_SYNC
			--rpl-semi-sync-master-timeout=86400000)
		r=(--rpl-semi-sync-slave-enabled=ON)
	fi
	acq_mariadb_start "$m1" "${A[@]}" "$work/db" --log-slave-updates "${m[@]}" 2>>"$work/db.log"
	acq_mariadb_start "$m2" "${B[@]}" "$work/db" --log-slave-updates --read-only=1 "${r[@]}" 2>>"$work/db.log"
	for s in "$m1" "$m2"; do
		sql "$s" "SET sql_log_bin=0; CREATE USER repl@'%' IDENTIFIED BY 'repl'; GRANT REPLICATION SLAVE ON *.* TO repl@'%';
			CREATE USER acq_admin@'%' IDENTIFIED BY '$PW'; $ADMIN_GRANT;"
	done
	sql "$m2" "CHANGE MASTER TO MASTER_HOST='${A[0]}', MASTER_PORT=${A[1]}, MASTER_USER='repl', MASTER_PASSWORD='repl',
		MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1 $cm; START SLAVE;"
	sql "$m1" "CREATE TABLE acq_test.writes (id VARCHAR(64) PRIMARY KEY, node VARCHAR(64)) ENGINE=InnoDB"
	local end=$((SECONDS + 30))
	until [ "$(slave_field "$m2" Gtid_IO_Pos)" = "$(sql "$m1" 'SELECT @@gtid_binlog_pos')" ] &&
		{ [ "$mode" != semi ] || [ "$(sql "$m1" "SHOW STATUS LIKE 'Rpl_semi_sync_master_clients'" | cut -f2)" = 1 ]; }; do
		[ $SECONDS -lt $end ] || { sql "$m2" "SHOW ALL SLAVES STATUS\G" >&2; fail "$c: replication did not come up"; return 1; }
		sleep 0.05
	done
	efile=$work/$c.election
	cnf=$work/$c.cnf
	write_cnf "$cnf" 0600 "$PW"
	catchup=3000
	php_ex -r 'acq_db_init("db1");' >/dev/null
}

php_ex() {
	php -n -d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d "extension=$root/modules/acq_db.so" \
		-d "acq_db.servers=\"db1=${A[0]}:${A[1]},db2=${B[0]}:${B[1]}\"" -d "acq_db.election_file=$efile" -d "acq_db.state_dir=$work/shm" \
		-d "acq_db.admin_credentials=$cnf" -d acq_db.failover_hold_ms=0 -d acq_db.lock_timeout_ms=30000 \
		-d acq_db.connect_timeout_ms=1000 -d "acq_db.catchup_timeout_ms=$catchup" \
		-d log_errors=1 -d "error_log=$work/php.log" -d display_errors=stderr "$@"
}
php_run() { php_ex "$root/tests/integration/promote.php" "$@"; }

wait_received() { # replica master
	local end=$((SECONDS + 30))
	until [ "$(slave_field "$1" Gtid_IO_Pos)" = "$(sql "$2" 'SELECT @@gtid_binlog_pos')" ]; do
		[ $SECONDS -lt $end ] || { fail "$1 did not receive $2's writes"; return 1; }
		sleep 0.05
	done
}

epoch() { php_ex -r 'echo acq_db_status()["epoch"];'; }
acked() { awk '$1 == "ok" { print $2 }' "$@" | sort; }
on_server() { sql "$1" "SELECT id FROM acq_test.writes ORDER BY id" | sort; }

# every acknowledged write in files $2.. is on server $1
assert_acked_on() {
	local s=$1 missing
	shift
	missing=$(comm -23 <(acked "$@") <(on_server "$s") | wc -l)
	[ "$missing" = 0 ] || fail "$missing acknowledged writes missing on $s"
}

assert_promoted() { # server
	[ "$(sql "$1" 'SELECT @@global.read_only')" = 0 ] || fail "$1 still read_only"
	[ -z "$(sql "$1" 'SHOW ALL SLAVES STATUS')" ] || fail "$1 still has a replication configuration"
}

assert_untouched_replica() { # server
	[ "$(sql "$1" 'SELECT @@global.read_only')" = 1 ] || fail "$1 was made writable"
	[ -n "$(sql "$1" 'SHOW ALL SLAVES STATUS')" ] || fail "$1 lost its replication configuration"
}

case_kill() { # async|semi
	local c=kill-$1
	pair "$c" "$1" || return 1
	php_run write "$c-before" 20 >"$work/$c.before"
	[ "$(grep -c '^ok' "$work/$c.before")" = 20 ] || { cat "$work/$c.before" >&2; fail "$c: writes before the kill failed"; }
	[ "$1" = semi ] || wait_received "$m2" "$m1"
	acq_mariadb_stop "$m1" KILL
	php_run write "$c-after" 10 >"$work/$c.after"
	[ "$(grep -c "^ok .* ${B[1]}\$" "$work/$c.after")" = 10 ] || { cat "$work/$c.after" >&2; fail "$c: writes after the kill did not all succeed on db2"; }
	assert_promoted "$m2"
	assert_acked_on "$m2" "$work/$c.before" "$work/$c.after"
	[ "$(epoch)" = 2 ] || fail "$c: epoch is not 2"
	grep -q "acq_db: promoted db2: caught up, replication stopped and reset, read_only=0" "$work/php.log" ||
		fail "$c: no promotion line in the log"
	ok_note "$c: 10 of 10 writes after the kill succeeded on db2, 30 of 30 acknowledged writes on db2"
}

case_lag_waited() {
	local c=lag-waited t0 t1
	pair "$c" async ", MASTER_DELAY=2" || return 1
	catchup=8000
	php_run write "$c" 5 >"$work/$c.before"
	wait_received "$m2" "$m1"
	acq_mariadb_stop "$m1" KILL
	t0=$(date +%s%N)
	php_run write "$c-after" 1 >"$work/$c.after"
	t1=$(date +%s%N)
	grep -q "^ok .* ${B[1]}\$" "$work/$c.after" || { cat "$work/$c.after" >&2; fail "$c: the write after the kill failed"; }
	assert_promoted "$m2"
	assert_acked_on "$m2" "$work/$c.before" "$work/$c.after"
	ok_note "$c: db2 (MASTER_DELAY=2) was waited for: first write after the kill took $(((t1 - t0) / 1000000)) ms; 6 of 6 on db2"
}

case_lag_skipped() {
	local c=lag-skipped
	pair "$c" async ", MASTER_DELAY=60" || return 1
	catchup=1000
	php_run write "$c" 3 >"$work/$c.before"
	wait_received "$m2" "$m1"
	acq_mariadb_stop "$m1" KILL
	php_run write "$c-after" 1 >"$work/$c.after"
	grep -q "^err .*db2 (${B[0]}:${B[1]}): did not apply .* within acq_db.catchup_timeout_ms=1000" "$work/$c.after" ||
		{ cat "$work/$c.after" >&2; fail "$c: no 'did not apply' error"; }
	assert_untouched_replica "$m2"
	[ "$(epoch)" = 1 ] || fail "$c: an epoch was written"
	ok_note "$c: db2 skipped ($(sed -n 's/.*tried: //p' "$work/$c.after" | cut -c1-150))"
}

case_sql_stopped() {
	local c=sql-stopped
	pair "$c" async || return 1
	sql "$m2" "STOP SLAVE SQL_THREAD"
	php_run write "$c" 3 >"$work/$c.before"
	wait_received "$m2" "$m1"
	acq_mariadb_stop "$m1" KILL
	php_run write "$c-after" 1 >"$work/$c.after"
	grep -q "^err .*its SQL thread is stopped (no error) with received transactions not applied" "$work/$c.after" ||
		{ cat "$work/$c.after" >&2; fail "$c: no 'SQL thread is stopped' error"; }
	assert_untouched_replica "$m2"
	[ "$(slave_field "$m2" Slave_SQL_Running)" = No ] || fail "$c: the SQL thread was restarted"
	ok_note "$c: db2 skipped, its SQL thread left stopped"
}

case_broken() {
	local c=broken end
	pair "$c" async || return 1
	sql "$m2" "SET sql_log_bin=0; SET GLOBAL read_only=0; INSERT INTO acq_test.writes VALUES ('$c-2', 'conflict'); SET GLOBAL read_only=1"
	php_run write "$c" 3 >"$work/$c.before"
	end=$((SECONDS + 30))
	until [ "$(slave_field "$m2" Last_SQL_Errno)" = 1062 ]; do
		[ $SECONDS -lt $end ] || { fail "$c: replication did not break"; return 1; }
		sleep 0.05
	done
	acq_mariadb_stop "$m1" KILL
	php_run write "$c-after" 1 >"$work/$c.after"
	grep -q "^err .*its replication stopped with error 1062" "$work/$c.after" ||
		{ cat "$work/$c.after" >&2; fail "$c: no 'stopped with error 1062' error"; }
	assert_untouched_replica "$m2"
	ok_note "$c: db2 (SQL thread stopped at error 1062) not promoted"
}

case_switchover() {
	local c=switchover end out n_err first last t0 t1 fo rate
	pair "$c" semi || return 1
	out=$work/$c.writes
	: >"$out"
	php_run hold "$work/$c.ready" "$work/$c.go" >"$work/$c.hold" 2>&1 &
	holder_pid=$!
	php_run loop "$c" "$work/$c.stop" "$out" 2>>"$work/$c.loop.err" &
	writer_pid=$!
	end=$((SECONDS + 30))
	until [ "$(grep -c '^ok' "$out")" -ge 100 ] && [ -s "$work/$c.ready" ]; do
		[ $SECONDS -lt $end ] || { fail "$c: the writer did not get going"; return 1; }
		sleep 0.05
	done
	t0=$(date +%s%N)
	fo=$(php_run failover db2)
	t1=$(date +%s%N)
	[ "$fo" = db2 ] || fail "$c: acq_db_switchover('db2') failed: $fo"
	touch "$work/$c.go"
	end=$((SECONDS + 30))
	until [ "$(grep -c "^ok .* ${B[1]}\$" "$out")" -ge 100 ]; do
		[ $SECONDS -lt $end ] || { tail -n 5 "$out" >&2; fail "$c: writes did not go on on db2"; return 1; }
		sleep 0.05
	done
	touch "$work/$c.stop"
	wait "$writer_pid" || true
	writer_pid=
	wait "$holder_pid" || true
	holder_pid=
	[ "$(sql "$m1" 'SELECT @@global.read_only')" = 1 ] || fail "$c: the old master is writable"
	assert_promoted "$m2"
	assert_acked_on "$m2" "$out"
	[ "$(comm -23 <(on_server "$m1") <(on_server "$m2") | wc -l)" = 0 ] || fail "$c: db1 has rows that db2 lacks (diverged)"
	# the long-lived connection ran nothing more on db1: the fence ended it, or
	# statement-time fencing moved it to db2 before its next statement
	grep -qE "^(ended:|moved: ${B[1]}\$)" "$work/$c.hold" ||
		fail "$c: the application's long-lived connection to db1 was neither ended nor moved to db2: $(cat "$work/$c.hold")"
	n_err=$(grep -c '^err' "$out" || true)
	first=$(awk '$1 == "err" { print $3; exit }' "$out")
	last=$(awk '$1 == "err" { t = $3 } END { print t }' "$out")
	rate=$(awk '$1 == "ok" { if (!a) a = $3; b = $3; n++ } END { printf "%.0f", n / (b - a) }' "$out")
	ok_note "$c: acq_db_switchover() took $(((t1 - t0) / 1000000)) ms under $rate writes/s; $(grep -c '^ok' "$out") writes acknowledged ($(grep -c "^ok .* ${A[1]}\$" "$out") on db1, $(grep -c "^ok .* ${B[1]}\$" "$out") on db2), all on db2; nothing on db1 that db2 lacks; $n_err failed$( [ "$n_err" -gt 0 ] && awk -v a="$first" -v b="$last" 'BEGIN { printf " within %.0f ms", (b - a) * 1000 }'); errors: $(awk '$1 == "err" { print $4 }' "$out" | sort | uniq -c | tr -s ' \n' ' ')"
}

case_credentials() {
	local c=credentials out
	pair "$c" async || return 1
	out=$(php_ex -r 'var_dump(acq_db_status()); phpinfo();' 2>&1)
	grep -q '^Promotion => on' <<<"$out" || fail "$c: phpinfo does not say promotion is on"
	grep -q '\["promotion"\]=>' -A1 <<<"$out" && grep -A1 '\["promotion"\]=>' <<<"$out" | grep -q 'bool(true)' ||
		fail "$c: acq_db_status() does not say promotion is on"
	if grep -qF -- "$PW" <<<"$out"; then fail "$c: the password is in acq_db_status() or phpinfo()"; fi
	write_cnf "$cnf" 0644 "$PW"
	out=$(php_run write "$c-open" 1 2>&1 || true)
	grep -q "mode 0644 lets other local users" <<<"$out" || fail "$c: no refusal of a 0644 file: $out"
	grep -q "^err .*acq_db is not configured: acq_db.admin_credentials" <<<"$out" || fail "$c: did not fail closed: $out"
	printf '[client]\nuser=acq_admin\n%s\n' "$PW" >"$cnf"
	chmod 0600 "$cnf"
	out=$(php_run write "$c-bad" 1 2>&1 || true)
	grep -q "line 3: not an option this file may hold" <<<"$out" || fail "$c: no refusal of bad content: $out"
	printf '%s\n' "$out" >"$work/$c.refusals"
	write_cnf "$cnf" 0600 "wrong-$PW"
	acq_mariadb_stop "$m1" KILL
	out=$(php_run write "$c-after" 1 2>&1 || true)
	printf '%s\n' "$out" >>"$work/$c.refusals"
	grep -q "admin connect failed: \[1045\] Access denied for user 'acq_admin'" <<<"$out" || fail "$c: no admin-login refusal: $out"
	assert_untouched_replica "$m2"
	ok_note "$c: 0644 and bad content refused at startup (fail closed), wrong password skips db2"
}

stop_pair() { acq_mariadb_stop_all "$work/db" 2>/dev/null || true; }

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(kill-async kill-semi lag-waited lag-skipped sql-stopped broken switchover credentials)
for c in "${cases[@]}"; do
	case_start=$failures
	case $c in
	kill-async) case_kill async || true ;;
	kill-semi) case_kill semi || true ;;
	lag-waited) case_lag_waited || true ;;
	lag-skipped) case_lag_skipped || true ;;
	sql-stopped) case_sql_stopped || true ;;
	broken) case_broken || true ;;
	switchover) case_switchover || true ;;
	credentials) case_credentials || true ;;
	*) fail "unknown case $c" || true ;;
	esac
	stop_pair
done
if grep -rl --exclude='*.cnf' --exclude-dir=db -- "$PW" "$work" 2>/dev/null; then
	fail "the admin password appears in the files above"
fi
grep -l -- "$PW" "$work"/db/*.err 2>/dev/null && fail "the admin password appears in a server log"
if [ "$failures" -gt 0 ]; then
	echo "promote: $failures failure(s)" >&2
	exit 1
fi
note "all cases passed; the admin password appears in no output or log"
