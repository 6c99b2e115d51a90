#!/usr/bin/env bash
# scripts/set-version.sh VERSION [CHANGE...] -- a new release number, in its
# one place (src/core/lib/acq_db_version.h: phpversion('acq_db') and
# acq-db-admin --version), with a debian/changelog entry of the same version
# (debian/rules refuses to build when they differ) and package.xml
# regenerated from it. Each CHANGE becomes a changelog line.
#   scripts/set-version.sh 0.2.0 "Promotion of MySQL 8.4 replicas."
# Environment: DEBFULLNAME, DEBEMAIL (the changelog's signer; default the
# last entry's).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([a-z0-9.+~]*)?$ ]] ||
	{ echo "usage: $0 VERSION [CHANGE...] (VERSION as 1.2.3 or 1.2.3RC1)" >&2; exit 2; }
shift
[ $# -gt 0 ] || set -- "New upstream release $version."
sed -i "s/^#define ACQ_DB_VERSION \".*\"/#define ACQ_DB_VERSION \"$version\"/" src/core/lib/acq_db_version.h
signer=$(sed -n 's/^ -- \(.*>\)  .*/\1/p' debian/changelog | head -n 1)
[ -n "${DEBEMAIL:-}" ] && signer="${DEBFULLNAME:-acq_db developers} <$DEBEMAIL>"
{
	echo "php-acq-db ($version) unstable; urgency=medium"
	echo
	for c in "$@"; do printf '  * %s\n' "$c" | fold -s -w 76 | sed '2,$s/^/    /'; done
	echo
	echo " -- $signer  $(date -R)"
	echo
	cat debian/changelog
} >debian/changelog.new
mv debian/changelog.new debian/changelog
php scripts/gen-package-xml.php >package.xml
echo "version $version: src/core/lib/acq_db_version.h, debian/changelog, package.xml"
