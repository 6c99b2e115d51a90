#!/usr/bin/env bash
# Regenerates acq_db_arginfo.h from acq_db.stub.php with php-src's gen_stub.php.
# gen_stub.php would download PHP-Parser; we point it at Debian's php-parser
# package instead, so this works offline. Developers only: the header is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=$(ls /usr/lib/php/*/build/gen_stub.php | tail -n 1)
[ -f /usr/share/php/PhpParser/Parser.php ] || { echo "install php-parser first: apt-get install php-parser" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$gen" "$tmp/gen_stub.php"
version=$(sed -n 's/.*\$version = "\([0-9.]*\)".*/\1/p' "$tmp/gen_stub.php" | head -n 1)
mkdir -p "$tmp/PHP-Parser-$version/lib"
ln -s /usr/share/php/PhpParser "$tmp/PHP-Parser-$version/lib/PhpParser"
php "$tmp/gen_stub.php" -f acq_db.stub.php
