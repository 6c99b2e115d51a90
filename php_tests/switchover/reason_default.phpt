--TEST--
acq_db_switchover() without a reason records "manual"
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_reason_default.election
error_log={TMP}/acq_db_switchover_reason_default.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
echo acq_db_switchover('db2')['reason'], "\n";
echo acq_db_switchover('db1', '')['reason'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_reason_default');
?>
--EXPECT--
switchover from db1: manual
switchover from db2: manual
