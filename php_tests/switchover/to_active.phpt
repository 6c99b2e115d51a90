--TEST--
acq_db_switchover() to the server that is already active: AcqDbException ACQ_DB_E_INVALID, nothing written
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_to_active.election
error_log={TMP}/acq_db_switchover_to_active.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_switchover('db1'));
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_to_active');
?>
--EXPECT--
AcqDbException ACQ_DB_E_INVALID: 'db1' is already the active server (epoch 1)
bool(true)
