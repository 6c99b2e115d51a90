#!/usr/bin/env bash
# The layer rule of src/core and the one source list, checked on the tree
# (docs/design.md, "The layers"):
#  1. an #include of the core points to its own folder or to a lower layer,
#     never up and never sideways (store/ and sql/ share a rank and know
#     nothing of each other); src/core includes no PHP header;
#  2. every .c of the extension's layers and of src/php is named in
#     config.m4, and no file of admin/ is (the CLI's alone, kept out of
#     acq_db.so); config.w32 only refuses, it lists nothing that can drift;
#  3. every folder of src/core has a rank here: a new folder must be placed.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A rank=([lib]=0 [config]=1 [store]=2 [sql]=2 [node]=3 [failover]=4 [admin]=5)
bad=0
fail() { echo "check-layers: $*" >&2; bad=1; }

for dir in src/core/*/; do
	d=$(basename "$dir")
	[ -n "${rank[$d]:-}" ] || fail "src/core/$d/ has no layer: give it a rank in tests/check-layers.sh and a row in docs/design.md"
done
[ -z "$(find src/core -maxdepth 1 -type f)" ] || fail "files directly in src/core/: put each in its layer's folder"

for f in src/core/*/*.[ch]; do
	from=$(basename "$(dirname "$f")")
	while IFS= read -r inc; do
		case $inc in
		*/*) to=${inc%%/*} ;;
		*) fail "$f includes \"$inc\" without its layer folder"; continue ;;
		esac
		[ -n "${rank[$to]:-}" ] || { fail "$f includes \"$inc\": no such layer"; continue; }
		if [ "$to" != "$from" ] && [ "${rank[$to]}" -ge "${rank[$from]}" ]; then
			fail "$f ($from, rank ${rank[$from]}) includes \"$inc\" ($to, rank ${rank[$to]}): includes point down only"
		fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	if grep -qE '^#include [<"](php|zend|ext/|main/|Zend/)' "$f"; then
		fail "$f includes a PHP header: the core is PHP-free"
	fi
done

for f in src/core/*/*.c src/php/*.c; do
	layer=$(basename "$(dirname "$f")")
	if [ "$layer" = admin ]; then
		grep -qF "$f" config.m4 && fail "$f is the CLI's alone but config.m4 links it into acq_db.so"
	else
		grep -qF "$f" config.m4 || fail "$f is in no source list of config.m4"
	fi
done
grep -q 'src/' config.w32 && fail "config.w32 lists sources; it must only refuse the build (config.m4 is the one list)"
grep -q 'ERROR(' config.w32 || fail "config.w32 does not refuse the Windows build with a clear error"

[ $bad = 0 ] && echo "check-layers: ok ($(ls src/core/*/*.c | wc -l) core sources in ${#rank[@]} layers)"
exit $bad
