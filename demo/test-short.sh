#!/usr/bin/env bash
# The drill in short (a few seconds of load, same checks) for the test suite,
# as the comparison with HAProxy (demo/run --compare haproxy --short): three
# scenarios (SIGKILL, SIGSTOP, SIGKILL and back 2 s later), each through
# acq_db and through HAProxy. It checks the mechanics, not HAProxy's figures:
# every run leaves a report, the table has all six rows and the chart is
# drawn; and acq_db's own promise: in every scenario no request that started
# after the election failed, no acknowledged write was lost, and no write
# went to the old master once it was back. The standby runs read_only=1
# here (--read-only-standby; the documented comparison gives both routers a
# writable one) and acq_db promotes it (every write after the election goes
# to the promoted db2). Then the partition drill (web1 cut off with db1: with
# semi-sync db1 acknowledges nothing after the cut, and no acknowledged
# write is missing on db2) and the switchover drill (no acknowledged write
# lost, no row on db1 that db2 lacks).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/acq_db_drill.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "drill (short): FAILED: $*" >&2; exit 1; }
"$root/demo/run" --compare haproxy --read-only-standby --short --duration 10 --out "$out" || fail "demo/run --compare haproxy exited non-zero"
for sc in kill silent return; do
	grep -q '^summary: .*after the election 0), acknowledged writes lost 0$' "$out/$sc/acq_db/report.txt" ||
		fail "$sc via acq_db: $(grep '^summary:' "$out/$sc/acq_db/report.txt")"
	for v in acq_db haproxy; do
		test -s "$out/$sc/$v/drill.png" || fail "$sc via $v: no chart"
		test -s "$out/$sc/$v/summary.json" || fail "$sc via $v: no summary"
	done
	if [ $sc = return ]; then
		php -n -r '$s = json_decode(file_get_contents($argv[1]), true); exit(($s["writes_after_return"]["db1"] ?? -1) === 0 ? 0 : 1);' \
			"$out/$sc/acq_db/summary.json" || fail "return via acq_db: writes went to the old master after it was back"
	fi
done
grep -q 'Server mysql/db1 is DOWN' "$out/kill/haproxy/report.txt" || fail "HAProxy never marked db1 down"
[ "$(grep -c '^| master' "$out/comparison.md")" = 6 ] || fail "comparison.md does not have 6 rows"
test -s "$out/comparison.png" || fail "no comparison chart"
json() { php -n -r '$s = json_decode(file_get_contents($argv[1]), true); foreach (explode(".", $argv[2]) as $k) { $s = $s[$k] ?? null; } echo json_encode($s);' "$@"; }
[ "$(json "$out/kill/acq_db/summary.json" writes_after_election.db1)" = 0 ] || fail "kill via acq_db: a write went to db1 after the election"
[ "$(json "$out/kill/acq_db/summary.json" writes_after_election.db2)" -gt 0 ] || fail "kill via acq_db: no write on the promoted db2 after the election"
# the election comes about 5 s after a silent cut: a longer run
"$root/demo/run" --partition --short --duration 14 --out "$out/partition" || fail "demo/run --partition exited non-zero"
grep -q '^summary: .*after the election 0), acknowledged writes lost 0$' "$out/partition/report.txt" ||
	fail "partition: $(grep '^summary:' "$out/partition/report.txt")"
[ "$(json "$out/partition/summary.json" partition.writes_acked_by_db1_after_cut)" = 0 ] ||
	fail "partition: db1 acknowledged writes after the cut (semi-sync should hold them)"
[ "$(json "$out/partition/summary.json" writes_after_election.db2)" -gt 0 ] || fail "partition: no write on db2 after the election"
"$root/demo/run" --switchover --short --out "$out/switchover" || fail "demo/run --switchover exited non-zero"
[ "$(json "$out/switchover/summary.json" acked_lost)" = 0 ] || fail "switchover: acknowledged writes lost"
[ "$(json "$out/switchover/summary.json" switchover.diverged)" = 0 ] || fail "switchover: rows on db1 that db2 lacks"
[ "$(json "$out/switchover/summary.json" switchover.outcome)" = '"ok"' ] || fail "switchover: acq_db_switchover() failed"
echo "drill (short): acq_db and HAProxy, SIGKILL, silent and returning master: acq_db (read_only standby, promoted) 0 failed after the election, 0 acknowledged writes lost, no write to the returned old master;" \
	"partition: $(json "$out/partition/summary.json" partition.writes_acked_by_db1_after_cut) writes acknowledged by the cut-off db1, 0 lost;" \
	"switchover: $(json "$out/switchover/summary.json" switchover.failed) failed requests in $(json "$out/switchover/summary.json" switchover.failure_window_ms) ms, 0 lost, 0 diverged"
