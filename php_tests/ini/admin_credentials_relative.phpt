--TEST--
INI: acq_db.admin_credentials=admin.cnf (relative: php-fpm's master would read it from /) is refused at startup naming the directive; acq_db fails closed
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_ini_admin_credentials_relative.election
error_log={TMP}/acq_db_ini_admin_credentials_relative.log
acq_db.admin_credentials=admin.cnf
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_admin_credentials_relative');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.admin_credentials: must be an absolute path to a MySQL option file (e.g. /etc/acq_db/admin.cnf), or empty in Unknown on line 0
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.admin_credentials: must be an absolute path to a MySQL option file (e.g. /etc/acq_db/admin.cnf), or empty
