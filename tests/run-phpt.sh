#!/usr/bin/env bash
# The .phpt tests of the PHP API (php_tests/api, ini, info) against the built
# module; php_tests/connect needs MariaDB and runs from run-integration.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exts=(-d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=mysqli -d "extension=$root/modules/acq_db.so")
export ACQ_DB_PHP_ARGS="-n ${exts[*]}"
export TEST_PHP_EXECUTABLE=${TEST_PHP_EXECUTABLE:-$(command -v php)}
runner=$(ls /usr/lib/php/*/build/run-tests.php | tail -n 1)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$root/php_tests/api" "$root/php_tests/ini" "$root/php_tests/info")
php -n "$runner" -n "${exts[@]}" -q --show-diff "${dirs[@]}" | tee "$out"
set -e
if grep -q "^Tests failed *: *[1-9]" "$out" || ! grep -q "^Tests passed *: *[1-9]" "$out"; then
	echo "phpt tests FAILED" >&2
	exit 1
fi
