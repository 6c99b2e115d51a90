#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian 12, root),
# builds the extension, and runs every suite. Each suite starts and stops its
# own servers (MariaDB, glusterd) and GlusterFS volumes.
#   tests/run-all.sh            everything
#   tests/run-all.sh --no-install --only NAME[,NAME]   a subset (names below)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
install=1
only=""
while [ $# -gt 0 ]; do
	case $1 in
	--no-install) install=0 ;;
	--only) only=$2; shift ;;
	*) echo "usage: $0 [--no-install] [--only NAME[,NAME]]" >&2; exit 2 ;;
	esac
	shift
done
[ $install = 1 ] && scripts/install-deps.sh

suites=(layers shellcheck build unit unit-fresh-boot asan tsan fuzz unit-gluster herd herd-gluster node-reads full-tmpfs phpt valgrind cli cli-sql integration promote php-herd php-herd-gluster gluster-visibility fs-faults package libs demo deb)
declare -A took=()
failed=()
wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

run_suite() {
	local name=$1 start
	wanted "$name" || return 0
	echo
	echo "=================== $name ==================="
	start=$(date +%s)
	if suite_"${name//-/_}"; then
		took[$name]="ok $(( $(date +%s) - start ))s"
	else
		took[$name]="FAILED $(( $(date +%s) - start ))s"
		failed+=("$name")
	fi
}

suite_layers() { tests/check-layers.sh; }
suite_shellcheck() { tests/check-shell.sh; }
suite_build() { scripts/build.sh; }
suite_unit() { make -C tests check; }
# the Check suites as a machine booted a minute ago sees them: a time
# namespace whose CLOCK_MONOTONIC and CLOCK_BOOTTIME read 60 s (a test that
# subtracts an hour from "now" wraps there, as on a fresh CI runner)
suite_unit_fresh_boot() {
	local up shift_s
	up=$(cut -d. -f1 /proc/uptime)
	shift_s=$((60 - up))
	make -C tests check_acq_db
	(cd tests && unshare --time --fork --monotonic="$shift_s" --boottime="$shift_s" \
		sh -c 'echo "uptime in the namespace: $(cut -d" " -f1 /proc/uptime) s"; exec ./check_acq_db')
}
# the Check suites with ASan+UBSan, and the whole Check binary with TSan
# (the threaded cases); any report fails (tests/sanitizer-run.sh)
suite_asan() { make -C tests asan; }
suite_tsan() { make -C tests tsan; }
# each libFuzzer target for ACQ_DB_FUZZ_SECONDS (10) from its seeds
suite_fuzz() { tests/fuzz/run.sh "${ACQ_DB_FUZZ_SECONDS:-10}"; }
# the API .phpt under valgrind memcheck (no sanitized PHP on Debian); a
# report is a LEAK, which fails run-phpt.sh; --vgdb=no: tests that drop to
# nobody cannot remove valgrind's gdbserver FIFOs from TMPDIR
# first_read_timeout_ms=10000 unless a test sets its own: under valgrind a
# fresh process and its reader (a helper process, also under valgrind) start
# 20-50 times slower, and on a loaded machine the 2 s default fails a test
# closed by design (run-tests then retries it over the first try's page)
suite_valgrind() {
	USE_ZEND_ALLOC=0 VALGRIND_OPTS="--vgdb=no ${VALGRIND_OPTS:-}" \
		ACQ_DB_PHPT_ARGS="-m -j2 -d acq_db.first_read_timeout_ms=10000" tests/run-phpt.sh
}
suite_unit_gluster() { tests/run-check-gluster.sh; }
suite_herd() { tests/run-herd.sh; }
suite_herd_gluster() { tests/run-herd.sh --gluster; }
suite_node_reads() { tests/integration/node-reads.sh 200 5; }
suite_full_tmpfs() { tests/integration/full-tmpfs.sh; }
suite_phpt() { tests/run-phpt.sh; }
suite_cli() { tests/cli/test-cli.sh; }
suite_cli_sql() { tests/cli/test-cli-sql.sh; }
suite_integration() { tests/run-integration.sh; }
suite_promote() { tests/integration/promote.sh && tests/integration/promote-partition.sh && tests/integration/promote-confirm.sh; }
suite_php_herd() { tests/integration/php-herd.sh 100; }
suite_php_herd_gluster() { tests/integration/php-herd.sh --gluster 100; }
suite_gluster_visibility() { tests/integration/gluster-visibility.sh; }
suite_fs_faults() { tests/integration/fs-faults.sh; }
suite_package() { tests/check-package.sh; }
suite_libs() { tests/lib/selftest.sh; }
suite_demo() { demo/test-short.sh; }
# the Debian packages, built and installed in fresh chroots of Debian 12 and
# 13 (tests/check-deb.sh; skipped inside a chroot of scripts/chroot-test.sh)
suite_deb() { tests/check-deb.sh; }

for s in "${suites[@]}"; do
	run_suite "$s"
	# nothing else works without the module
	if [ "$s" = build ] && [ ${#failed[@]} -gt 0 ]; then break; fi
done
echo
echo "=================== summary ==================="
for s in "${suites[@]}"; do
	[ -n "${took[$s]:-}" ] && printf '%-20s %s\n' "$s" "${took[$s]}"
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "FAILED: ${failed[*]}"
	exit 1
fi
echo "all suites passed"
