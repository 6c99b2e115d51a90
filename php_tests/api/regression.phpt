--TEST--
An election file whose epoch goes backwards is refused after a good read (old value kept, warning)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/regression.election
error_log={PWD}/regression.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$file = ini_get('acq_db.election_file');
file_put_contents($file, acq_test_file(5, 'db2', 'db1'));
echo acq_db_status()['active'], "\n";
file_put_contents($file, acq_test_file(3, 'db1'));
echo acq_db_active()['host'], "\n";
echo acq_db_status()['last_error'], "\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/regression.election'); @unlink(__DIR__ . '/regression.log'); ?>
--EXPECTF--
db2
127.0.0.2
election file %s/regression.election went back from epoch 5 to 3 (restored or re-initialised?); fail over with acq_db_failover() to write a newer epoch
