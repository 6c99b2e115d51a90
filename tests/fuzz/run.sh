#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time from its
# committed seeds (corpus/<target>/, read-only: new inputs go to a temp dir
# that is removed afterwards). Any crash, sanitizer report or broken
# round-trip property fails the run; the crashing input is kept and named.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   default 15 s, all
# Prints the executions each target reached.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-15}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_efile fuzz_efile_body fuzz_copy fuzz_servers fuzz_route fuzz_connerr fuzz_stmt)
make -s -C "$here" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/acq_db_fuzz.XXXXXX")
keep=0
trap '[ $keep = 1 ] || rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
	mkdir -p "$work/$t"
	log=$work/$t.log
	# -rss_limit_mb: the parsers allocate nothing; a leak or runaway shows
	if "$here/$t" -max_total_time="$secs" -timeout=5 -rss_limit_mb=512 -print_final_stats=1 \
		-artifact_prefix="$work/$t-" "$work/$t" "$here/corpus/$t" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		printf 'fuzz: %-16s ok   %10s execs in %ss\n' "$t" "${runs:-?}" "$secs"
	else
		status=1
		keep=1
		echo "fuzz: $t FAILED; log $log, input(s):" >&2
		ls "$work/$t-"* >&2 2>/dev/null || true
		grep -E "property broken|ERROR|SUMMARY|runtime error" "$log" | head -n 5 >&2 || true
	fi
done
[ $status = 0 ] || echo "fuzz: kept $work for inspection" >&2
exit $status
