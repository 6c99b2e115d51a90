/*
 * The release of acq_db, written in this one place: phpversion('acq_db')
 * (PHP_ACQ_DB_VERSION), `acq-db-admin --version`, package.xml
 * (scripts/gen-package-xml.php reads it) and debian/changelog (debian/rules
 * refuses to build when its version differs). Change it with
 * scripts/set-version.sh, which updates all of them together.
 */
#ifndef ACQ_DB_VERSION_H
#define ACQ_DB_VERSION_H

#define ACQ_DB_VERSION "0.1.0"

#endif
