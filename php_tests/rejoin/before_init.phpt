--TEST--
acq_db_rejoin() without an election file: AcqDbException ACQ_DB_E_MISSING
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_before_init.election
error_log={TMP}/acq_db_rejoin_before_init.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_rejoin('db1'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_before_init');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_MISSING: election file %s/acq_db_rejoin_before_init.election does not exist: %s
