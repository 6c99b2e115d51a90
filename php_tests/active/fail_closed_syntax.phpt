--TEST--
Without an earlier good read, a file with a bad value (valid checksum) fails closed: AcqDbException ACQ_DB_E_CORRUPT says what is wrong and what to do
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_fail_closed_syntax.election
error_log={TMP}/acq_db_active_fail_closed_syntax.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_fails_closed('syntax');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_fail_closed_syntax');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_CORRUPT: election file %s/acq_db_active_fail_closed_syntax.election is unusable: line 4: epoch 'seven' is not a number from 1 to 9223372036854775807; no connection will be made to a guessed server. To repair: move the file aside (mv FILE FILE.damaged) and run acq_db_init('NAME') with the server that really is the master
