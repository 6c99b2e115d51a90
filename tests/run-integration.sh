#!/usr/bin/env bash
# Connect-path integration tests: starts three TLS-enabled MariaDB servers
# (tests/integration/cluster.sh), runs php_tests/connect/*.phpt against them
# through tests/run-phpt.sh (the same runner, checks and leftover-file rule
# as the API tests), and stops the servers by PID on exit.
#   tests/run-integration.sh [PHPT_OR_DIR...]   default php_tests/connect
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export ACQ_DB_IT_WORKDIR=${ACQ_DB_IT_WORKDIR:-$(mktemp -d /tmp/acq_db_it.XXXXXX)}
trap '"$root/tests/integration/cluster.sh" down; rm -rf "$ACQ_DB_IT_WORKDIR"' EXIT
"$root/tests/integration/cluster.sh" up
export ACQ_DB_TLS_DIR=$ACQ_DB_IT_WORKDIR/tls
"$root/tests/run-phpt.sh" "${@:-$root/php_tests/connect}"
