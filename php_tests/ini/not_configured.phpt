--TEST--
INI: acq_db.servers not set: acq_db_active() and the writers throw "acq_db is not configured: acq_db.servers is not set (e.g. ...)"
--EXTENSIONS--
acq_db
--INI--
acq_db.election_file={TMP}/acq_db_ini_not_configured.election
error_log={TMP}/acq_db_ini_not_configured.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
acq_test_throws(fn() => acq_db_switchover());
acq_test_throws(fn() => acq_db_rejoin('db1'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_not_configured');
?>
--EXPECT--
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
