#!/usr/bin/env bash
# acq-db-admin against real MariaDB GTID replication: three servers started
# here (127.0.0.41:36001 master, .42:36002 and .43:36003 replicas, binlog
# and log_slave_updates on), then every `check` verdict in text and JSON
# (healthy, replication stopped, lagging, two writable servers, master dead,
# damaged election file), status --json and --format prometheus, --ini from
# a php-fpm pool file, rejoin --as-replica of an old master that did and
# one that did not diverge, bad credentials files and bad flags.
# ACQ_DB_CLI_SQL_SAMPLES=DIR keeps sample outputs there (docs/operations.md). Everything
# it starts is stopped by PID on exit, failures included.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$root/src/cli"
A=$root/src/cli/acq-db-admin
# shellcheck source=../lib/mariadb.sh
. "$root/tests/lib/mariadb.sh"
work=$(mktemp -d /tmp/acq_db_cli_sql.XXXXXX)
mkdir -m 1777 "$work/shm" # the node pages (acq_db.state_dir) of this test, not /dev/shm
writer=
cleanup() {
	if [ -n "$writer" ]; then kill "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true; fi
	acq_mariadb_stop_all "$work" || true
	rm -rf "$work"
}
trap cleanup EXIT
export ACQ_MARIADB_WORKDIR=$work # the servers start in background subshells
db_ip=([1]=127.0.0.41 [2]=127.0.0.42 [3]=127.0.0.43)
db_port=([1]=36001 [2]=36002 [3]=36003)
export ACQ_DB_SERVERS="db1=127.0.0.41:36001,db2=127.0.0.42:36002,db3=127.0.0.43:36003"
export ACQ_DB_ELECTION_FILE=$work/election
# the least-privileged admin account docs/promotion.md gives, plus
# REPLICATION SLAVE (created on each server below); rejoin --as-replica
# writes the replication account named in [replication] into master.info
printf '[client]\nuser = acq_admin\npassword = adm-pw\n[replication]\nuser = acq_repl\npassword = repl-pw\n' >"$work/admin.cnf"
chmod 0600 "$work/admin.cnf"
export ACQ_DB_ADMIN_CREDENTIALS=$work/admin.cnf
fails=0
passes=0
ok() { echo "ok   $1"; passes=$((passes + 1)); }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

expect() { # expect RC DESCRIPTION -- COMMAND...
	local want=$1 what=$2 got=0
	shift 3
	"$@" >"$work/out" 2>"$work/err" || got=$?
	if [ "$got" = "$want" ]; then
		ok "$what"
	else
		bad "$what: exit $got, expected $want"; cat "$work/out" "$work/err"
	fi
}
expect_out() { # expect_out TEXT DESCRIPTION: in stdout or stderr of the last expect
	if grep -qF -- "$1" "$work/out" "$work/err"; then ok "$2"; else bad "$2: no '$1' in:"; cat "$work/out" "$work/err"; fi
}
expect_no() { # expect_no TEXT DESCRIPTION
	if grep -qF -- "$1" "$work/out" "$work/err"; then bad "$2: '$1' found in:"; cat "$work/out" "$work/err"; else ok "$2"; fi
}
# jcheck PHP-EXPRESSION DESCRIPTION: the expression over $j (the decoded
# JSON of the last stdout) is true
jcheck() {
	if php -n -r '$j = json_decode(file_get_contents($argv[1]), true, 64, JSON_THROW_ON_ERROR);
		exit(('"$1"') ? 0 : 1);' "$work/out" 2>>"$work/err"; then
		ok "$2"
	else
		bad "$2: not ($1) in:"; cat "$work/out" "$work/err"
	fi
}
sql() { # sql N STATEMENTS (as root over the socket)
	mariadb --no-defaults --socket="$work/db$1.sock" -uroot --batch --skip-column-names -e "$2"
}
# until_sql N STATEMENT EXPECTED [SECONDS]: poll until the result is EXPECTED
until_sql() {
	local end=$((EPOCHSECONDS + ${4:-30})) got
	while :; do
		got=$(sql "$1" "$2" 2>/dev/null || true)
		[ "$got" = "$3" ] && return 0
		((EPOCHSECONDS < end)) || { echo "timeout: db$1 '$2' gave '$got', want '$3'" >&2; return 1; }
		sleep 0.1
	done
}
# until_exit RC SECONDS -- COMMAND...: poll a command until it exits RC
until_exit() {
	local want=$1 end=$((EPOCHSECONDS + $2)) got
	shift 3
	while :; do
		got=0
		"$@" >"$work/out" 2>"$work/err" || got=$?
		[ "$got" = "$want" ] && return 0
		((EPOCHSECONDS < end)) || return 1
		sleep 0.2
	done
}
replicate() { # replicate N FROM: db N replicates from db FROM, read-only
	sql "$1" "STOP SLAVE; SET GLOBAL read_only = 1; CHANGE MASTER TO MASTER_HOST='${db_ip[$2]}',
		MASTER_PORT=${db_port[$2]}, MASTER_USER='acq', MASTER_PASSWORD='acq', MASTER_USE_GTID=slave_pos,
		MASTER_DELAY=0, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=0.5; START SLAVE"
	until_replicating "$1"
}
until_replicating() { # until_replicating N: both threads of db N run
	local end=$((EPOCHSECONDS + 30)) st
	while :; do
		st=$(mariadb --no-defaults --socket="$work/db$1.sock" -uroot -e "SHOW SLAVE STATUS\G" 2>/dev/null || true)
		[[ $st == *"Slave_IO_Running: Yes"* && $st == *"Slave_SQL_Running: Yes"* ]] && return 0
		((EPOCHSECONDS < end)) || { echo "db$1 does not replicate:"; echo "$st"; return 1; } >&2
		sleep 0.1
	done
}
start_db() { # start_db N
	acq_mariadb_start "db$1" "${db_ip[$1]}" "${db_port[$1]}" "$work" --tls --log-slave-updates \
		--gtid-strict-mode=1 --rpl-semi-sync-master-enabled=0 >>"$work/servers.log" 2>&1
}

# ---- help, man page, command line and configuration problems ----
expect 0 "--help" -- "$A" --help
for w in check status init failover rejoin --servers --election-file --ini --credentials --timeout --wait \
	--lag-warn --json --format --dry-run --as-replica --replication-credentials --reason; do
	grep -qF -- "$w" "$work/out" || bad "--help does not mention $w"
done
ok "…mentions every command and option"
make -s -C "$root/src/cli" install DESTDIR="$work/inst" PREFIX=/usr
[ -x "$work/inst/usr/bin/acq-db-admin" ] && [ -s "$work/inst/usr/share/man/man1/acq-db-admin.1" ] \
	&& ok "make install puts the tool and its man page in place" || bad "make install: $(find "$work/inst")"
expect 3 "check with an unknown option is UNKNOWN" -- "$A" check --bogus
expect_out "ACQ_DB UNKNOWN - unknown option" "…on the status line"
expect 64 "init with --json is a usage error" -- "$A" init --json
expect_out "--json is for check and status" "…and says so"
expect 3 "check --format xml is UNKNOWN" -- "$A" check --format xml
expect_out "--format is text, json or prometheus" "…names the formats"
expect 3 "check --timeout 0 is refused" -- "$A" check --timeout 0
expect 64 "rejoin without a name" -- "$A" rejoin --as-replica
expect 3 "a missing credentials file is UNKNOWN" -- "$A" check --credentials "$work/none.cnf"
expect_out "ACQ_DB UNKNOWN - credentials:" "…says credentials"
expect_out "$work/none.cnf" "…and names the file"
printf '[client]\nuser = acq\npassword = s3cret-value\n' >"$work/open.cnf"
chmod 0644 "$work/open.cnf"
expect 3 "a world-readable credentials file is refused" -- "$A" check -c "$work/open.cnf"
expect_no "s3cret-value" "…without quoting the password"
printf '[client]\nuser = acq\npasword = s3cret-value\n' >"$work/typo.cnf"
chmod 0600 "$work/typo.cnf"
expect 3 "a credentials file with an unknown option is refused" -- "$A" check -c "$work/typo.cnf"
expect_out "line 3" "…naming the line"
expect_no "s3cret-value" "…and not the value"
expect 3 "check without any credentials is UNKNOWN" -- env -u ACQ_DB_ADMIN_CREDENTIALS "$A" check
expect_out "check needs the admin credentials" "…and says what to give"
expect 3 "…also as JSON with --json" -- env -u ACQ_DB_ADMIN_CREDENTIALS "$A" check --json
jcheck '$j["status"] === "unknown" && $j["exit"] === 3 && str_contains($j["summary"], "credentials")' "…status unknown"
expect 3 "a refused credentials file with --json" -- "$A" check --json -c "$work/open.cnf"
jcheck '$j["status"] === "unknown" && str_contains($j["summary"], "credentials:")' "…is JSON too"
printf '[www]\nphp_admin_value[acq_db.servers] = "db1=h:1"\n[api]\nphp_admin_value[acq_db.servers] = db9=h:1\n' \
	>"$work/conflict.conf"
expect 3 "an --ini whose pools disagree is refused" -- "$A" check --ini "$work/conflict.conf"
expect_out "[api] sets acq_db.servers differently from [www]" "…naming both pools"

# ---- three servers, db1 the master ----
acq_mariadb_tls "$work" >>"$work/servers.log" 2>&1 # once, before the parallel starts
for n in 1 2 3; do start_db "$n" & done
wait
for n in 1 2 3; do
	[ -s "$work/db$n.pid" ] || { echo "db$n did not start:"; cat "$work/servers.log"; exit 1; }
done
for n in 1 2 3; do
	sql "$n" "SET SESSION sql_log_bin = 0; CREATE USER 'acq_admin'@'%' IDENTIFIED BY 'adm-pw';
		GRANT READ_ONLY ADMIN, REPLICATION SLAVE ADMIN, SLAVE MONITOR, RELOAD, CONNECTION ADMIN, PROCESS,
		REPLICATION SLAVE ON *.* TO 'acq_admin'@'%';
		CREATE USER 'acq_repl'@'%' IDENTIFIED BY 'repl-pw'; GRANT REPLICATION SLAVE ON *.* TO 'acq_repl'@'%';
		CREATE USER 'acq_repl3'@'%' IDENTIFIED BY 'repl3-pw'; GRANT REPLICATION SLAVE ON *.* TO 'acq_repl3'@'%'"
done
replicate 2 1
replicate 3 1
sql 1 "CREATE TABLE acq_test.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(32)) ENGINE=InnoDB;
	INSERT INTO acq_test.t (v) VALUES ('first')"
until_sql 2 "SELECT COUNT(*) FROM acq_test.t" 1
until_sql 3 "SELECT COUNT(*) FROM acq_test.t" 1
"$A" init db1 >/dev/null

expect 0 "healthy: check is OK" -- "$A" check
expect_out "ACQ_DB OK - master db1 writable at epoch 1, 2 of 2 standbys replicating | epoch=1 reachable=3;;;0;3 writable=1;;1;0;3 standbys_ok=2;;;0;2 lag_db2=0s;30;;0; lag_db3=0s;30;;0;" \
	"…one status line with perfdata"
expect_out "db2 (127.0.0.42:36002): replica, " "…a line per server"
expect_out "replicates from 127.0.0.41:36001 (db1), IO Yes, SQL Yes, 0 s behind" "…with the replication state"
expect_no "password" "…and no secret"
sample() { if [ -n "${ACQ_DB_CLI_SQL_SAMPLES:-}" ]; then mkdir -p "$ACQ_DB_CLI_SQL_SAMPLES"; cat "$work/out" "$work/err" >"$ACQ_DB_CLI_SQL_SAMPLES/$1"; fi; }
sample check-healthy.txt
expect 0 "healthy: check --json" -- "$A" check --json
jcheck '$j["status"] === "ok" && count($j["servers"]) === 3 && $j["findings"] === []' "…status ok, three servers"
jcheck '$j["servers"][0]["name"] === "db1" && $j["servers"][0]["role"] === "master" && $j["servers"][0]["read_only"] === false && $j["servers"][0]["replication"] === null' \
	"…db1 the writable master"
jcheck '$j["servers"][1]["reachable"] === true && $j["servers"][1]["read_only"] === true && $j["servers"][1]["role"] === "replica"
	&& $j["servers"][1]["replication"]["io_running"] === true && $j["servers"][1]["replication"]["sql_running"] === true
	&& $j["servers"][1]["replication"]["seconds_behind"] === 0 && $j["servers"][1]["replication"]["last_error"] === null
	&& $j["servers"][1]["replication"]["master"] === "db1"' "…db2 replicating from db1"
jcheck 'preg_match("/^0-36001-\\d+$/", $j["servers"][2]["gtid"]["slave_pos"]) === 1' "…with its GTID position"
sample check-healthy.json

printf '[client]\nuser = acq\npassword = wrong-s3cret\n' >"$work/wrong.cnf"
chmod 0600 "$work/wrong.cnf"
expect 2 "a wrong password: every server unreachable, CRITICAL" -- "$A" check -c "$work/wrong.cnf"
expect_out "active master db1 is unreachable: [1045] Access denied for user 'acq'" "…with the server's answer"
expect_no "wrong-s3cret" "…never the password"

# TLS: the credentials file's ssl-ca is used (acq_tls REQUIRE SSL), and a
# certificate from another CA makes the server unreachable, not trusted
printf '[client]\nuser = acq_tls\npassword = acq\nssl-ca = %s\n' "$work/tls/ca.pem" >"$work/tls.cnf"
printf '[client]\nuser = acq_tls\npassword = acq\nssl-ca = %s\n' "$work/tls/wrong-ca.pem" >"$work/wrong-ca.cnf"
chmod 0600 "$work/tls.cnf" "$work/wrong-ca.cnf"
expect 0 "check over TLS with the credentials' ssl-ca" -- "$A" check -c "$work/tls.cnf"
expect_out "ACQ_DB OK - master db1" "…every server reached"
expect 2 "check with a CA that did not sign the servers' certificates" -- "$A" check -c "$work/wrong-ca.cnf"
expect_out "active master db1 is unreachable: [2026] TLS/SSL error" "…the server is not trusted (a TLS error)"

# semi-sync: reported per server (enabled, and active: a semi-sync replica is connected)
sql 1 "SET GLOBAL rpl_semi_sync_master_enabled = 1"
sql 2 "SET GLOBAL rpl_semi_sync_slave_enabled = 1; STOP SLAVE IO_THREAD; START SLAVE IO_THREAD"
until_sql 1 "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_CLIENTS'" 1
expect 0 "semi-sync on db1 and db2: check --json" -- "$A" check --json
jcheck '$j["servers"][0]["semi_sync"]["master_enabled"] === true && $j["servers"][0]["semi_sync"]["master_active"] === true
	&& $j["servers"][1]["semi_sync"]["slave_enabled"] === true && $j["servers"][1]["semi_sync"]["slave_active"] === true
	&& $j["servers"][2]["semi_sync"]["slave_enabled"] === false' "…semi-sync enabled and active on db1 (master) and db2 (replica), off on db3"
expect 0 "semi-sync in the text output" -- "$A" check
expect_out "db1 (127.0.0.41:36001): master, 1" "…db1 is the master, with its version (10.11 on Debian 12, 11.8 on Debian 13)"
expect_out "semi-sync master ON/ON slave OFF/OFF" "…db1 master ON/ON"
sql 2 "SET GLOBAL rpl_semi_sync_slave_enabled = 0; STOP SLAVE IO_THREAD; START SLAVE IO_THREAD"
sql 1 "SET GLOBAL rpl_semi_sync_master_enabled = 0"
until_replicating 2

# --ini from a php-fpm pool file instead of the environment
cat >"$work/pool.conf" <<POOL
[www]
user = www-data
php_admin_value[acq_db.servers] = "$ACQ_DB_SERVERS"
php_admin_value[acq_db.election_file] = $ACQ_DB_ELECTION_FILE ; on GlusterFS in production
php_admin_value[acq_db.admin_credentials] = $work/admin.cnf
POOL
expect 0 "check --ini POOL with nothing in the environment" -- \
	env -u ACQ_DB_SERVERS -u ACQ_DB_ELECTION_FILE -u ACQ_DB_ADMIN_CREDENTIALS "$A" check --ini "$work/pool.conf"
expect_out "ACQ_DB OK - master db1" "…reads the pool's settings"
expect 3 "a flag wins over --ini" -- "$A" check --ini "$work/pool.conf" --servers "db1=127.0.0.41:36001,db2=bad host"
expect_out "servers:" "…(a bad --servers is reported, not the pool's value used)"

expect 0 "status --json with credentials" -- "$A" status --json
jcheck '$j["status"] === "ok" && $j["election"]["state"]["epoch"] === 1 && $j["election"]["state"]["active"] === "db1"
	&& $j["election"]["stale"] === false && count($j["servers"]) === 3' "…epoch, active, staleness and the servers"
expect 0 "status --json without credentials" -- env -u ACQ_DB_ADMIN_CREDENTIALS "$A" status --json
jcheck '$j["status"] === "ok" && $j["servers"] === null && $j["election"]["state"]["demoted"] === []' "…the file only"
expect 0 "status --format prometheus" -- "$A" status --format prometheus
for line in "acq_db_election_file_ok 1" "acq_db_election_epoch 1" "acq_db_election_stale 0" \
	'acq_db_server_active{server="db1"} 1' 'acq_db_server_active{server="db2"} 0' 'acq_db_server_up{server="db3"} 1' \
	'acq_db_server_read_only{server="db1"} 0' 'acq_db_server_replication_seconds_behind{server="db2"} 0' \
	"# TYPE acq_db_election_epoch counter" "acq_db_check_status 0"; do
	expect_out "$line" "…prometheus: $line"
done
sample status.prom
if grep -vE '^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{server="db[123]"\})? -?[0-9]+)$' "$work/out"; then
	bad "…every line is valid textfile-collector syntax"
else
	ok "…every line is valid textfile-collector syntax"
fi

# ---- replication stopped ----
sql 3 "STOP SLAVE"
expect 1 "replication stopped: WARNING" -- "$A" check
expect_out "ACQ_DB WARNING - standby db3 replication stopped: IO No, SQL No" "…names the standby and the threads"
sample check-replication-stopped.txt
expect 1 "replication stopped: --json" -- "$A" check --json
jcheck '$j["status"] === "warning" && $j["servers"][2]["replication"]["io_running"] === false
	&& $j["servers"][2]["replication"]["sql_running"] === false && $j["servers"][2]["replication"]["seconds_behind"] === null' \
	"…status warning, db3 threads false, lag null"
replicate 3 1

# ---- a heartbeat period too long for acq_db to confirm a frozen master ----
sql 3 "STOP SLAVE; CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD=30; START SLAVE"
until_replicating 3
expect 1 "a 30 s heartbeat period: WARNING" -- "$A" check
expect_out "db3's heartbeat period (30000 ms) is too long for acq_db to confirm a frozen or cut-off master" \
	"…names the replica and what to set"
replicate 3 1

# ---- lagging: a delayed replica behind a write ----
sql 3 "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY=30, MASTER_HEARTBEAT_PERIOD=0.5; START SLAVE" # CHANGE MASTER resets the period
sql 1 "INSERT INTO acq_test.t (v) VALUES ('lag')"
if until_exit 1 20 -- "$A" check --lag-warn 2 && grep -qF "standby db3 lags" "$work/out"; then
	ok "lagging: WARNING"
else
	bad "lagging: no warning within 20 s"; cat "$work/out"
fi
expect_out "(warning from 2 s)" "…with the threshold"
sample check-lagging.txt
expect_out "lag_db3=" "…and the lag in the perfdata"
expect 1 "lagging: --json" -- "$A" check --json --lag-warn 2
jcheck '$j["status"] === "warning" && $j["servers"][2]["replication"]["seconds_behind"] >= 2
	&& $j["servers"][2]["replication"]["io_running"] === true' "…db3 seconds_behind >= 2, threads running"
replicate 3 1
until_sql 3 "SELECT COUNT(*) FROM acq_test.t" 2

# ---- two writable servers ----
sql 2 "SET GLOBAL read_only = 0"
expect 2 "two writable servers: CRITICAL" -- "$A" check
expect_out "ACQ_DB CRITICAL - 2 writable servers (db1, db2)" "…names both"
sample check-two-writable.txt
expect 2 "two writable servers: --json" -- "$A" check --json
jcheck '$j["status"] === "critical" && $j["servers"][1]["read_only"] === false && $j["servers"][0]["read_only"] === false' \
	"…status critical, both read_only false"
sql 2 "SET GLOBAL read_only = 1"
expect 0 "OK again once db2 is read-only" -- "$A" check

# ---- damaged election file ----
cp "$work/election" "$work/election.good"
sed -i 's/^active: db1$/active: db2/' "$work/election"
expect 2 "damaged election file: CRITICAL" -- "$A" check
expect_out "ACQ_DB CRITICAL - election file $work/election is unusable: checksum mismatch" "…on the status line"
expect_out "checksum mismatch" "…names the checksum"
sample check-damaged.txt
expect 2 "damaged election file: --json" -- "$A" check --json
jcheck '$j["status"] === "critical" && $j["election"]["ok"] === false && $j["election"]["error_code"] === "corrupt"
	&& count($j["servers"]) === 3' "…status critical, the file's error, the servers still listed"
cp "$work/election.good" "$work/election"

# ---- master dead ----
acq_mariadb_stop db1 KILL
expect 2 "master dead: CRITICAL" -- "$A" check --timeout 1000
expect_out "ACQ_DB CRITICAL - active master db1 is unreachable: [20" "…with the client's error number"
expect_out "reachable=2;;;0;3" "…two of three reachable in the perfdata"
sample check-master-dead.txt
expect 2 "master dead: --json" -- "$A" check --json --timeout 1000
jcheck '$j["status"] === "critical" && $j["servers"][0]["reachable"] === false && $j["servers"][0]["read_only"] === null
	&& is_string($j["servers"][0]["error"])' "…db1 unreachable with its error"
start_db 1
until_exit 0 30 -- "$A" check || true
expect 0 "OK again after db1 restarts" -- "$A" check

# ---- a frozen standby is a finding, not a hang ----
acq_mariadb_freeze db3
t0=$EPOCHSECONDS
expect 1 "a frozen standby: WARNING within the timeout" -- "$A" check --timeout 1000
expect_out "standby db3 is unreachable" "…names it"
(( EPOCHSECONDS - t0 <= 10 )) && ok "…and returns in $((EPOCHSECONDS - t0)) s" || bad "…took $((EPOCHSECONDS - t0)) s"
acq_mariadb_thaw db3

# ---- planned failover under a steady writer ----
sql 1 "CREATE TABLE acq_test.w (seq INT PRIMARY KEY) ENGINE=InnoDB"
until_sql 3 "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'w'" 1
expect 0 "failover db2 --dry-run" -- "$A" failover db2 --dry-run
expect_out "plan: planned switchover from db1 to db2, election file epoch 1 -> 2 (dry run: nothing is changed)" "…the plan"
expect_out "found db2: read-only, gtid_binlog_pos" "…what it found on db2"
expect_out "1. demote db1: SET GLOBAL read_only=1" "…the steps"
sample failover-dry-run.txt
[ "$(sql 1 "SELECT @@GLOBAL.read_only")" = 0 ] && ok "…and changes nothing on db1" || bad "…db1 was changed"
expect 0 "the file is unchanged by the dry run" -- "$A" check
expect_out "at epoch 1," "…still epoch 1"
rm -f "$work/stop"
php -n -d extension=mysqlnd -d extension=mysqli -d "extension=$root/modules/acq_db.so" \
	-d "acq_db.servers=\"$ACQ_DB_SERVERS\"" -d "acq_db.election_file=$ACQ_DB_ELECTION_FILE" -d "acq_db.state_dir=$work/shm" -d error_log=/dev/null \
	"$root/tests/cli/steady-writer.php" "$work/stop" "$work/acked" >"$work/writer.out" 2>&1 &
writer=$!
until_sql 1 "SELECT COUNT(*) >= 50 FROM acq_test.w" 1 || bad "the writer does not write"
expect 0 "failover db2 under a steady writer" -- "$A" failover db2 -r "planned, under load"
expect_out "now: epoch 2, active db2" "…epoch 2, db2 active"
expect_out "db1 was made read-only" "…the old master fenced"
sample failover.txt
n_then=$(sql 2 "SELECT COUNT(*) FROM acq_test.w")
until_sql 2 "SELECT COUNT(*) > $n_then + 50 FROM acq_test.w" 1 && ok "…the writer goes on on db2" || bad "…no writes reach db2"
touch "$work/stop"
wait "$writer" || true
writer=
read -r last retries <"$work/writer.out" || true
acked=$(wc -l <"$work/acked")
echo "     (writer: $acked writes acknowledged up to seq $last, $retries retried during the switchover)"
sql 2 "SELECT seq FROM acq_test.w ORDER BY seq" >"$work/on-db2"
lost=$(comm -23 <(sort "$work/acked") <(sort "$work/on-db2") | wc -l)
[ "$acked" -gt 100 ] && [ "$lost" = 0 ] && ok "…no acknowledged write lost ($acked on db2)" \
	|| bad "…$lost of $acked acknowledged writes are not on db2"
expect 1 "after the failover, db1 (no replication configuration to reuse) is left demoted: WARNING" -- "$A" check
expect_out "standby db1 does not replicate" "…db1 is not a replica yet"
expect_out "db1 is demoted" "…the switchover left it demoted"
expect_out "replicates from 127.0.0.42:36002 (db2), IO Yes" "…db3 was re-pointed to the new master by the switchover"

# ---- rejoin --as-replica: an old master that did not diverge ----
craft_state() { # craft_state EPOCH ACTIVE DEMOTED: a valid election file
	php -n -r '[, $f, $e, $a, $d] = $argv;
		$ms = time() * 1000;
		$b = "# acq_db election file: do not edit; a wrong checksum makes every node refuse it.\n"
			. "acq_db_election: 1\nepoch: $e\nactive: $a\nchanged_at: $ms " . gmdate("Y-m-d\\TH:i:s", intdiv($ms, 1000))
			. sprintf(".%03dZ", $ms % 1000) . "\nchanged_by: test 1\nreason: test\ndemoted: $d\n";
		file_put_contents($f, $b . sprintf("checksum: %08x\n", crc32($b)));' "$ACQ_DB_ELECTION_FILE" "$@"
}
craft_state 5 db2 db1 # as after an automatic failover: db1 demoted
sql 2 "INSERT INTO acq_test.t (v) VALUES ('on db2')"
expect 1 "a demoted old master that does not replicate: WARNING" -- "$A" check
expect_out "standby db1 does not replicate" "…says so"
expect_out "db1 is demoted" "…and that it is demoted"
expect_out "stale state: the lock file's copy is at epoch 2, the file at 5" "…and that the file was written without the lock"
expect 0 "rejoin db1 --as-replica (not diverged)" -- "$A" rejoin db1 --as-replica
expect_out "db1 has no transaction that db2 lacks" "…after the errant-GTID check"
expect_out "db1: CHANGE MASTER TO MASTER_HOST='127.0.0.42', MASTER_PORT=36002, MASTER_USER='acq_repl', MASTER_PASSWORD=<from $work/admin.cnf [replication]>, MASTER_USE_GTID=slave_pos" \
	"…runs CHANGE MASTER with MASTER_USE_GTID=slave_pos and the [replication] account"
expect_no "adm-pw" "…without printing the password"
expect_no "repl-pw" "…nor the replication account's"
# issue 18 §4: master.info keeps the replication account, never the admin's
grep -qF "acq_repl" "$work/db1/master.info" && ! grep -qF "adm-pw" "$work/db1/master.info" \
	&& ok "…db1's master.info holds acq_repl, not the admin password" || bad "…db1's master.info: $(cat "$work/db1/master.info")"
expect_out "db1: replicating from db2 (IO Yes, SQL Yes" "…and sees it replicate"
expect_out "now: epoch 6, active db2" "…then marks it eligible (epoch 6)"
sample rejoin.txt
expect_out "demoted: none" "…no longer demoted"
until_sql 1 "SELECT COUNT(*) FROM acq_test.t WHERE v = 'on db2'" 1 && ok "…db1 has db2's row" || bad "…db1 lacks db2's row"
printf '[client]\nuser = acq_repl3\npassword = repl3-pw\n' >"$work/repl3.cnf"
chmod 0600 "$work/repl3.cnf"
expect 0 "rejoin db3 --as-replica --replication-credentials points the other standby at db2" -- \
	"$A" rejoin db3 --as-replica --replication-credentials "$work/repl3.cnf"
expect_out "MASTER_USER='acq_repl3', MASTER_PASSWORD=<from $work/repl3.cnf>" "…with the account of that file"
grep -qF "acq_repl3" "$work/db3/master.info" && ! grep -qF "adm-pw" "$work/db3/master.info" \
	&& ok "…db3's master.info holds acq_repl3" || bad "…db3's master.info: $(cat "$work/db3/master.info")"
expect 64 "--replication-credentials without --as-replica is refused" -- \
	"$A" rejoin db3 --replication-credentials "$work/repl3.cnf"
expect 0 "check is OK with db2 the master" -- "$A" check
expect_out "ACQ_DB OK - master db2 writable at epoch 6, 2 of 2 standbys replicating" "…both standbys follow db2"
sql 2 "INSERT INTO acq_test.w (seq) VALUES (1000000)"
until_sql 1 "SELECT COUNT(*) FROM acq_test.w WHERE seq = 1000000" 1
until_sql 3 "SELECT COUNT(*) FROM acq_test.w WHERE seq = 1000000" 1
sum2=$(sql 2 "CHECKSUM TABLE acq_test.w, acq_test.t")
[ "$(sql 1 "CHECKSUM TABLE acq_test.w, acq_test.t")" = "$sum2" ] && [ "$(sql 3 "CHECKSUM TABLE acq_test.w, acq_test.t")" = "$sum2" ] \
	&& ok "…and all three servers hold the same rows (no diverged row)" || bad "…the servers' rows differ"

# ---- rejoin --as-replica: an old master that diverged ----
sql 1 "STOP SLAVE; SET GLOBAL read_only = 0; INSERT INTO acq_test.t (v) VALUES ('errant on db1'); SET GLOBAL read_only = 1"
errant=$(sql 1 "SELECT @@GLOBAL.gtid_binlog_pos")
craft_state 7 db2 db1
cp "$ACQ_DB_ELECTION_FILE" "$work/election.before"
expect 2 "rejoin db1 --as-replica (diverged) is refused" -- "$A" rejoin db1 --as-replica
expect_out "db1 has diverged: 1 transaction(s) that the active master db2 lacks (errant GTIDs $errant" \
	"…names the errant GTID $errant"
expect_out "Nothing was changed. Either rebuild db1 from a backup of db2" "…and says what to do"
sample rejoin-diverged.txt
cmp -s "$work/election.before" "$ACQ_DB_ELECTION_FILE" && ok "…the election file is unchanged (db1 stays demoted)" \
	|| bad "…the election file changed"
st=$(mariadb --no-defaults --socket="$work/db1.sock" -uroot -e "SHOW SLAVE STATUS\G")
[[ $st == *"Slave_IO_Running: No"* && $st == *"Slave_SQL_Running: No"* ]] && ok "…db1's replication is left as it was" \
	|| bad "…db1's replication was touched: $st"
[ "$(sql 1 "SELECT @@GLOBAL.gtid_binlog_pos")" = "$errant" ] && ok "…and db1's data too" || bad "…db1 changed"
[ "$(sql 2 "SELECT COUNT(*) FROM acq_test.t WHERE v = 'errant on db1'")" = 0 ] && ok "…db2 never got the errant row" \
	|| bad "…the errant row reached db2"
expect 2 "rejoin --as-replica of the active master is refused" -- "$A" rejoin db2 --as-replica
expect_out "db2 is the active master" "…and says why"

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "acq-db-admin against MariaDB: all $passes checks passed"
