#!/usr/bin/env bash
# The drill in short (a few seconds of load, same checks) for the test suite,
# as the comparison with HAProxy (demo/run --compare haproxy --short): three
# scenarios (SIGKILL, SIGSTOP, SIGKILL and back 2 s later), each through
# acq_db and through HAProxy. It checks the mechanics, not HAProxy's figures:
# every run leaves a report, the table has all six rows and the chart is
# drawn; and acq_db's own promise: in every scenario no request that started
# after the election failed, no acknowledged write was lost, and no write
# went to the old master once it was back.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/acq_db_drill.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "drill (short): FAILED: $*" >&2; exit 1; }
"$root/demo/run" --compare haproxy --short --duration 10 --out "$out" || fail "demo/run --compare haproxy exited non-zero"
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
echo "drill (short): acq_db and HAProxy, SIGKILL, silent and returning master: acq_db 0 failed after the election, 0 acknowledged writes lost, no write to the returned old master"
