#!/usr/bin/env bash
# Runs a sanitizer build of the Check binary (make -C tests asan|tsan) and
# fails when a test fails or when any sanitizer report appears in its
# output, also one a forked test process printed after sending its result.
# TSan needs an address space layout it knows: with more mmap randomisation
# than it supports it cannot start, so it runs without randomisation then.
set -uo pipefail
bin=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
run=("$bin" "$@")
if [[ $bin == *tsan* ]] && command -v setarch >/dev/null; then
	run=(setarch "$(uname -m)" -R "${run[@]}")
fi
"${run[@]}" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if grep -qE "^(==[0-9]+==)?ERROR: (Address|Leak|Thread)Sanitizer|^WARNING: ThreadSanitizer|runtime error:" "$out"; then
	echo "sanitizer-run: $(basename "$bin"): sanitizer report(s) above" >&2
	exit 1
fi
[ "$rc" = 0 ] || { echo "sanitizer-run: $(basename "$bin") exited with $rc" >&2; exit 1; }
echo "sanitizer-run: $(basename "$bin"): no sanitizer report"
