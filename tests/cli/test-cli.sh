#!/usr/bin/env bash
# acq-db-admin: each command's outcome and exit code, and that PHP processes
# see what the tool writes (one core, one file format).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$root/src/cli"
A=$root/src/cli/acq-db-admin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACQ_DB_SERVERS="db1=127.0.0.1:3306,db2=127.0.0.2:3306"
export ACQ_DB_ELECTION_FILE=$work/election
# the node pages of this test's PHP processes (acq_db.state_dir), not /dev/shm's
mkdir -m 1777 "$work/shm"
fails=0
expect() { # expect RC DESCRIPTION -- COMMAND...
	local want=$1 what=$2 got=0
	shift 3
	"$@" >"$work/out" 2>&1 || got=$?
	if [ "$got" = "$want" ]; then
		echo "ok   $what"
	else
		echo "FAIL $what: exit $got, expected $want"; cat "$work/out"; fails=$((fails + 1))
	fi
}
expect_out() { # expect_out TEXT DESCRIPTION
	if grep -qF -- "$1" "$work/out"; then echo "ok   $2"; else echo "FAIL $2: no '$1' in:"; cat "$work/out"; fails=$((fails + 1)); fi
}
expect 2 "status of a missing file is critical" -- "$A" status
expect_out "CRITICAL: election file $work/election does not exist" "…and says so"
expect 64 "usage error without a command" -- "$A"
expect 64 "unknown server name refused" -- "$A" init db9
expect 0 "init" -- "$A" init
expect 0 "status ok" -- "$A" status
expect_out "OK: election file: epoch 1, active db1" "…shows epoch and master"
cp "$work/election" "$work/before"
expect 2 "init refuses to overwrite" -- "$A" init db2
cmp -s "$work/before" "$work/election" && echo "ok   …and leaves the file unchanged" || { echo "FAIL file changed"; fails=$((fails + 1)); }
# a switchover without the admin credentials only rewrites the file: it would
# send the farm to a standby that is still read-only, so it must be asked for
expect 64 "switchover without credentials is refused" -- "$A" failover -r maintenance
expect_out "--file-only" "…and names --file-only"
cmp -s "$work/before" "$work/election" && echo "ok   …and leaves the file unchanged" || { echo "FAIL file changed"; fails=$((fails + 1)); }
expect 0 "switchover --file-only to the next eligible" -- "$A" switchover --file-only -r maintenance
expect_out "epoch 2, active db2" "…is db2 at epoch 2"
php -n -d extension=mysqlnd -d "extension=$root/modules/acq_db.so" -d "acq_db.servers=\"$ACQ_DB_SERVERS\"" \
	-d "acq_db.election_file=$ACQ_DB_ELECTION_FILE" -d "acq_db.state_dir=$work/shm" -r 'echo acq_db_active()["host"], "\n";' >"$work/out"
expect_out "127.0.0.2" "PHP sees the tool's failover"
sed -i 's/^active: db2$/active: db1/' "$work/election"
expect 2 "a hand-edited file is critical" -- "$A" status
expect_out "checksum mismatch" "…names the checksum"
expect_out "the lock file's copy (last state written under the lock): epoch 2, active db2" "…and shows the last good state"
mv "$work/election" "$work/election.damaged"
expect 0 "init after moving the damaged file aside" -- "$A" init db2
expect_out "epoch 3, active db2" "…continues the epoch"
printf '%s\n' "# crafted" >/dev/null
php -n -d extension=mysqlnd -d "extension=$root/modules/acq_db.so" -d "acq_db.servers=\"$ACQ_DB_SERVERS\"" \
	-d "acq_db.election_file=$ACQ_DB_ELECTION_FILE" -d "acq_db.state_dir=$work/shm" -d error_log=/dev/null -r '
	$b = "# acq_db election file: do not edit; a wrong checksum makes every node refuse it.\n"
		. "acq_db_election: 1\nepoch: 9\nactive: db2\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted: db1\n";
	file_put_contents(ini_get("acq_db.election_file"), $b . sprintf("checksum: %08x\n", crc32($b)));'
expect 1 "a demoted server is a warning" -- "$A" status
expect_out "1 demoted server(s)" "…and says why"
# a demoted server is no switchover target unless the operator insists
cp "$work/election" "$work/before"
expect 2 "switchover to a demoted server is refused" -- "$A" switchover --file-only db1
expect_out "db1 is demoted" "…and says why"
expect_out "--force" "…and names --force"
cmp -s "$work/before" "$work/election" && echo "ok   …and leaves the file unchanged" || { echo "FAIL file changed"; fails=$((fails + 1)); }
mkdir "$work/forced" && cp "$work/election" "$work/forced/election"
expect 0 "…but done with --force" -- "$A" switchover --file-only --force -f "$work/forced/election" db1
expect_out "epoch 10, active db1, " "…which makes db1 active"
# the old command name works for one release and says so on stderr
expect 0 "failover, the deprecated name of switchover, still works" -- \
	"$A" failover --file-only --force -f "$work/forced/election" db2
expect_out "acq-db-admin: 'failover' is deprecated: use 'switchover'" "…with a one-line notice"
expect 0 "rejoin" -- "$A" rejoin db1
expect_out "epoch 10, active db2, " "…bumps the epoch"
expect 0 "status ok again" -- "$A" status

# How old this node's state is: its PHP processes publish what they read in
# acq_db.state_dir, and status judges the age of their last good read.
php -n -d extension=mysqlnd -d "extension=$root/modules/acq_db.so" -d "acq_db.servers=\"$ACQ_DB_SERVERS\"" \
	-d "acq_db.election_file=$ACQ_DB_ELECTION_FILE" -d "acq_db.state_dir=$work/shm" -r 'acq_db_active();'
expect 0 "a node whose PHP processes read a moment ago is ok" -- "$A" status --state-dir "$work/shm"
expect_out "node: its PHP processes last read the election file" "…and says how long ago"
# nobody reads any more (the PHP process is gone): the age passes --warn-age
deadline=$((EPOCHSECONDS + 10)) got=0
until [ $got = 1 ] || [ $EPOCHSECONDS -ge $deadline ]; do
	got=0; "$A" status --state-dir "$work/shm" --warn-age 300 >"$work/out" 2>&1 || got=$?
	[ $got = 1 ] || sleep 0.05
done
[ $got = 1 ] && echo "ok   a state older than --warn-age is a warning" || { echo "FAIL no warning (exit $got)"; cat "$work/out"; fails=$((fails + 1)); }
expect_out "WARNING: stale state: this node's PHP processes last read the election file" "…named on the first line"
expect 2 "a state older than --crit-age is critical" -- "$A" status --state-dir "$work/shm" --warn-age 100 --crit-age 300
expect_out "CRITICAL: stale state" "…and says so"
expect 0 "--warn-age 0 --crit-age 0 turn the age check off" -- "$A" status --state-dir "$work/shm" --warn-age 0 --crit-age 0
# a hung file system (the file made a FIFO: open() blocks in the kernel):
# status answers within its bound, and says so
mv "$work/election" "$work/election.good"
mkfifo "$work/election"
expect 2 "status on a hung file system is critical, not a hang" -- timeout 30 "$A" status --state-dir "$work/shm"
expect_out "did not answer within 5000 ms" "…and names the file system"
# the helper process status left behind is still in open(): a writer releases
# it, and the good file replaces the FIFO before the writer closes, so its next
# open() finds a regular file (a hung FUSE request ends some day; a FIFO
# without a writer never does, and the helper would outlive the test)
timeout 5 bash -c 'exec 3>"$1"; mv "$2" "$1"' _ "$work/election" "$work/election.good" ||
	{ rm -f "$work/election"; mv "$work/election.good" "$work/election"; }
expect 3 "--warn-age must be milliseconds (status: UNKNOWN)" -- "$A" status --warn-age abc

# --ini holds a php.ini to the extension's own rules (one table of settings)
printf 'acq_db.catchup_timeout_ms = 3600000\n' >"$work/catchup.ini"
expect 3 "--ini: catchup_timeout_ms beyond the extension's bound is refused" -- "$A" status --ini "$work/catchup.ini"
expect_out "acq_db.catchup_timeout_ms: '3600000' is not a number of milliseconds from 0 to 600000" "…with its bounds"
printf 'acq_db.state_dir = shm\n' >"$work/state_dir.ini"
expect 3 "--ini: a relative state_dir is refused" -- "$A" status --ini "$work/state_dir.ini"
expect_out "acq_db.state_dir: must be an absolute path" "…as the extension refuses it"
printf 'php_admin_value[acq_db.recheck_ms] = 5s\n' >"$work/recheck.ini"
expect 64 "--ini: any acq_db setting the extension would refuse is refused" -- "$A" init --ini "$work/recheck.ini"
expect_out "acq_db.recheck_ms: '5s' is not a number of milliseconds from 0 to 3600000" "…naming it"
# --credentials is relative to the working directory; from --ini or the
# environment the path must be absolute, as in php.ini
(cd "$work" && printf '[client]\nuser=u\npassword=p\n' >rel.cnf && chmod 600 rel.cnf)
got=0; (cd "$work" && "$A" -c rel.cnf -T 1 status --state-dir "$work/shm") >"$work/out" 2>&1 || got=$?
if [ $got -le 2 ] && ! grep -q "credentials" "$work/out"; then echo "ok   --credentials FILE relative to the working directory"
else echo "FAIL -c rel.cnf: exit $got"; cat "$work/out"; fails=$((fails + 1)); fi
printf 'acq_db.admin_credentials = rel.cnf\n' >"$work/cred.ini"
expect 64 "--ini: a relative admin_credentials is refused" -- env -u ACQ_DB_ADMIN_CREDENTIALS "$A" init --ini "$work/cred.ini"
expect_out "acq_db.admin_credentials: must be an absolute path" "…as the extension refuses it"
printf 'acq_db.rechek_ms = 5\n' >"$work/typo.ini"
expect 0 "--ini: a directive acq_db does not know is ignored, as PHP ignores it" -- "$A" status --ini "$work/typo.ini"
expect_out "line 1: acq_db.rechek_ms is not a setting of acq_db (a typo?)" "…with a warning naming it"
expect 64 "--wait is held to acq_db.catchup_timeout_ms's bounds" -- "$A" init --wait 3600000
expect_out "--wait needs milliseconds, 0 to 600000 (as acq_db.catchup_timeout_ms)" "…and says so"
ACQ_DB_ELECTION_FILE=election expect 64 "a relative election file from the environment is refused" -- "$A" init
expect_out "\$ACQ_DB_ELECTION_FILE: acq_db.election_file: must be an absolute path" "…naming where it came from"
[ $fails = 0 ] || { echo "$fails CLI check(s) failed"; exit 1; }
echo "acq-db-admin: all checks passed"
