#!/usr/bin/env bash
# Connect-path integration tests: starts three TLS-enabled MariaDB servers
# (tests/integration/cluster.sh), runs php_tests/connect/*.phpt against them,
# and stops the servers by PID on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export ACQ_DB_IT_WORKDIR=${ACQ_DB_IT_WORKDIR:-$(mktemp -d /tmp/acq_db_it.XXXXXX)}
trap '"$root/tests/integration/cluster.sh" down; rm -rf "$ACQ_DB_IT_WORKDIR"' EXIT
"$root/tests/integration/cluster.sh" up
export ACQ_DB_TLS_DIR=$ACQ_DB_IT_WORKDIR/tls
exts=(-d extension=mysqlnd -d extension=pdo -d extension=pdo_mysql -d extension=mysqli -d "extension=$root/modules/acq_db.so")
export ACQ_DB_PHP_ARGS="-n ${exts[*]}"
export TEST_PHP_EXECUTABLE=${TEST_PHP_EXECUTABLE:-$(command -v php)}
runner=$(ls /usr/lib/php/*/build/run-tests.php | tail -n 1)
out=$(mktemp)
set +e
php -n "$runner" -n "${exts[@]}" -q --show-diff "${@:-$root/php_tests/connect}" | tee "$out"
set -e
if grep -q "^Tests failed *: *[1-9]" "$out" || ! grep -q "^Tests passed *: *[1-9]" "$out"; then
	rm -f "$out"
	echo "integration tests FAILED" >&2
	exit 1
fi
rm -f "$out"
