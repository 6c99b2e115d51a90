--TEST--
INI: acq_db.election_file not set: the functions throw "acq_db is not configured: acq_db.election_file is not set ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
error_log={TMP}/acq_db_ini_efile_not_set.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_status());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_efile_not_set');
?>
--EXPECT--
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.election_file is not set (a path on the shared file system)
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.election_file is not set (a path on the shared file system)
