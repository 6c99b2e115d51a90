--TEST--
A process that failed closed reads the file again on its next call, whatever acq_db.recheck_ms says
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_retry_after_fail.election
error_log={TMP}/acq_db_active_retry_after_fail.log
acq_db.recheck_ms=600000
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
acq_test_put(acq_test_file(4, 'db2'));
echo json_encode(acq_db_active()), ' via ', acq_db_status()['last_read_reason'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_retry_after_fail');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_MISSING: election file %s does not exist: %s
{"host":"127.0.0.2","port":3307} via retry
