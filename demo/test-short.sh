#!/usr/bin/env bash
# The drill in short (a few seconds of load, same checks) for the test suite:
# fails if an acknowledged write is lost or a request after the election fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/acq_db_drill.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$root/demo/run" --short --out "$out/kill"
"$root/demo/run" --short --silent --out "$out/silent"
for m in kill silent; do
	grep -q '^summary: .*after the election 0), acknowledged writes lost 0$' "$out/$m/report.txt"
	test -s "$out/$m/drill.png"
done
echo "drill (short): SIGKILL and silent master: 0 failed after the election, 0 acknowledged writes lost"
