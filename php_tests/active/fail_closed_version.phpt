--TEST--
Without an earlier good read, a format version 3 file (valid checksum) fails closed: AcqDbException ACQ_DB_E_VERSION says what is wrong and what to do
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_fail_closed_version.election
error_log={TMP}/acq_db_active_fail_closed_version.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_fails_closed('version');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_fail_closed_version');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_VERSION: election file %s/acq_db_active_fail_closed_version.election is unusable: format version 3 is not supported by this acq_db (it reads versions 1 to 2); upgrade acq_db on this node
