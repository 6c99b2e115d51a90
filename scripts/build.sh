#!/usr/bin/env bash
# Builds modules/acq_db.so with phpize (the PECL way), reconfiguring only when
# config.m4 changed or the configure options did. The test command builds
# with --enable-acq_db-dev (-Wall -Wextra -Werror): a new warning fails the
# build. ACQ_DB_DEV=0 scripts/build.sh builds as a user's pecl install would.
set -euo pipefail
cd "$(dirname "$0")/.."
opts=(--enable-acq_db)
[ "${ACQ_DB_DEV:-1}" = 0 ] || opts+=(--enable-acq_db-dev)
want="${opts[*]}"
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || [ "$(cat .acq_db-configured 2>/dev/null)" != "$want" ]; then
	phpize
	./configure "${opts[@]}"
	echo "$want" >.acq_db-configured
	make clean >/dev/null # objects built with other flags must not be reused
fi
make -j"$(nproc)"
test -f modules/acq_db.so
php -n -d extension=mysqlnd -d extension="$PWD/modules/acq_db.so" -r 'exit(extension_loaded("acq_db") ? 0 : 1);'
echo "built $(pwd)/modules/acq_db.so (${want})"
