#!/usr/bin/env bash
# Runs the .phpt tests of the PHP API (every folder of php_tests/ except
# connect/, which needs MariaDB and runs from run-integration.sh) with PHP's
# run-tests.php against the built module, and exits non-zero when any test
# fails, is borked, warns or leaks, when none passed, or when a test left files
# behind. Failing tests' diffs are printed as they fail and listed at the end.
#   tests/run-phpt.sh                      every folder but connect/
#   tests/run-phpt.sh php_tests/init ...   the given folders or .phpt files
# Environment: TEST_PHP_EXECUTABLE (default: php on PATH), ACQ_DB_SO (default:
# modules/acq_db.so). The tests run from a copy of php_tests/ in a fresh
# directory whose tmp/ is their TMPDIR ({TMP} in --INI--); it is removed at
# the end, or kept (and named) when something failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
php=${TEST_PHP_EXECUTABLE:-$(command -v php)}
module=${ACQ_DB_SO:-$root/modules/acq_db.so}
export TEST_PHP_EXECUTABLE=$php NO_INTERACTION=1 REPORT_EXIT_STATUS=1 NO_COLOR=1

if [ ! -f "$module" ]; then
	echo "run-phpt: $module does not exist: build it first (make)" >&2
	exit 2
fi

# The run-tests.php of this PHP: phpize's copy in the repo, else the one in
# PHP's build directory.
runner=$root/run-tests.php
if [ ! -f "$runner" ]; then
	runner=$("$php" -n -r 'echo PHP_EXTENSION_DIR;')/build/run-tests.php
fi
if [ ! -f "$runner" ]; then
	runner=$(ls /usr/lib/php/*/build/run-tests.php 2>/dev/null | tail -n 1 || true)
fi
if [ ! -f "$runner" ]; then
	echo "run-phpt: cannot find run-tests.php (run phpize, or install the PHP dev package)" >&2
	exit 2
fi

# Without php.ini (-n) nothing is loaded but what is compiled in: load the
# shared mysqlnd (acq_db requires it, so it comes first), the drivers the
# connect tests use where installed, then the module. run-tests.php passes -n
# and every -d to each test process, in this order, and hands them to the test
# as TEST_PHP_EXTRA_ARGS (acq_db.inc builds child PHP processes from it).
exts=()
for e in mysqlnd pdo pdo_mysql mysqli; do
	if "$php" -n "${exts[@]}" -r "exit(extension_loaded('$e') ? 0 : 1);"; then
		continue # compiled in
	fi
	if [ $e = mysqlnd ] || [ -z "$("$php" -n "${exts[@]}" -d "extension=$e" -r '' 2>&1)" ]; then
		exts+=(-d "extension=$e")
	fi
done
exts+=(-d "extension=$module")
export ACQ_DB_SO=$module ACQ_DB_PHP_ARGS="-n ${exts[*]}" # for connect/ and the integration scripts

# A module that does not load would make every test SKIP ("Required extension
# missing"), which run-tests.php counts as success: check first.
if ! startup=$("$php" -n "${exts[@]}" -r 'echo extension_loaded("acq_db") ? "" : "acq_db not loaded";' 2>&1) \
	|| [ -n "$startup" ]; then
	echo "run-phpt: PHP does not start cleanly with the module:" >&2
	echo "$startup" >&2
	exit 2
fi

# run-tests.php writes each test's NAME.php (and .skip.php, .clean.php, and
# .diff/.out/... when it fails) next to the .phpt: run a copy of php_tests/ in
# a directory of our own, so that runs at the same time (another engineer's,
# run-all.sh) do not trip over each other and the repo stays clean. Its tmp/
# is the tests' TMPDIR ({TMP}).
work=$(mktemp -d "${TMPDIR:-/tmp}/acq_db_phpt.XXXXXX")
chmod 755 "$work" # errors/ tests run a child as nobody, which must reach tmp/
mkdir -m 755 "$work/tmp"
# the node-local state pages (acq_db.state_dir) of this run, outside tmp/ (whose
# leftovers are checked); sticky and world-writable like /dev/shm, for the
# tests that run a child as nobody
mkdir -m 1777 "$work/shm"
exts+=(-d "acq_db.state_dir=$work/shm")
export ACQ_DB_PHP_ARGS="-n ${exts[*]}"
cp -R "$root/php_tests" "$work/php_tests"
out=$work/run-tests.out
keep=0
trap '[ $keep = 1 ] || rm -rf "$work"' EXIT

targets=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		t=$(realpath "$t")
		case $t in
		"$root"/php_tests | "$root"/php_tests/*) targets+=("$work/php_tests${t#"$root"/php_tests}") ;;
		*) targets+=("$t") ;; # outside the repo: run in place
		esac
	done
else
	for d in "$work"/php_tests/*/; do
		[ "$(basename "$d")" = connect ] || targets+=("${d%/}")
	done
fi

set +e
(cd "$work" && TMPDIR=$work/tmp "$php" -n "$runner" -n "${exts[@]}" -q --no-progress --show-diff "${targets[@]}") 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e

count() { sed -n "s/^Tests $1 *: *\([0-9][0-9]*\).*/\1/p" "$out" | tail -n 1; }
passed=$(count passed)
status=0
[ "$rc" = 0 ] || status=1
for what in failed borked warned leaked; do
	n=$(count "$what")
	[ "${n:-0}" = 0 ] || status=1
done
[ "${passed:-0}" -gt 0 ] || { echo "run-phpt: no test passed" >&2; status=1; }

left=$(cd "$work/tmp" && find . -mindepth 1 -maxdepth 1 | sort)
if [ -n "$left" ]; then
	echo "run-phpt: tests left files in TMPDIR $work/tmp (fix their --CLEAN--):" >&2
	echo "$left" >&2
	status=1
fi

if [ $status != 0 ]; then
	keep=1
	echo >&2
	echo "run-phpt: FAILED (run-tests.php exit code $rc); failing tests:" >&2
	grep -E '^(FAIL|BORK|WARN|LEAK) ' "$out" | sed -n 's/.*\[\([^][]*\)\.phpt\].*/\1/p' | sort -u | while read -r t; do
		echo "  ${t#"$work"/}.phpt   (diff, output: $t.diff, $t.out)" >&2
	done
	echo "run-phpt: kept $work for inspection" >&2
	exit 1
fi
echo "run-phpt: OK ($passed passed)"
