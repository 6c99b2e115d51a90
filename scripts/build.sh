#!/usr/bin/env bash
# Builds modules/acq_db.so with phpize (the PECL way), reconfiguring only when
# config.m4 changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
	phpize
	./configure --enable-acq_db
fi
make -j"$(nproc)"
test -f modules/acq_db.so
php -n -d extension=mysqlnd -d extension="$PWD/modules/acq_db.so" -r 'exit(extension_loaded("acq_db") ? 0 : 1);'
echo "built $(pwd)/modules/acq_db.so"
