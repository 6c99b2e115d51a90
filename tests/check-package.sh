#!/usr/bin/env bash
# Packaging checks: package.xml lists every tracked source and test file
# (regenerate with `php scripts/gen-package-xml.php > package.xml`), `pecl
# package` builds a tarball, and Debian's `pecl install` installs it offline
# into a scratch PHP extension directory... then it is removed again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fail=0
expected=$(php scripts/gen-package-xml.php)
missing=$(git ls-files src tests php_tests config.m4 config.w32 acq_db.stub.php acq_db_arginfo.h docs README.md | while read -r f; do
	grep -q "name=\"$f\"" package.xml || echo "$f"
done)
if [ -n "$missing" ]; then
	echo "package.xml does not list:"; echo "$missing"
	fail=1
fi
if [ "$expected" != "$(cat package.xml)" ]; then
	echo "package.xml is out of date: php scripts/gen-package-xml.php > package.xml"
	diff <(echo "$expected") package.xml | head -20 || true
	fail=1
fi
[ $fail = 0 ] || exit 1
work=$(mktemp -d)
trap 'pecl uninstall acq_db >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# package from a clean export so build products never end up in the tarball
git archive HEAD | tar -x -C "$work"
cp package.xml "$work/package.xml"
(cd "$work" && pecl package package.xml) | tail -n 2
tgz=$(ls "$work"/acq_db-*.tgz)
echo "built $tgz"
# offline install: a local file needs no channel access
pecl install -f "$tgz" </dev/null >"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log"; exit 1; }
php -n -d extension=mysqlnd -d extension=acq_db -r 'exit(extension_loaded("acq_db") ? 0 : 1);'
echo "pecl install $(basename "$tgz"): acq_db loads"
