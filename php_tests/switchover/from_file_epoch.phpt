--TEST--
acq_db_switchover() writes one above the epoch in the file (read under the lock), not above what this process saw
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_from_file_epoch.election
error_log={TMP}/acq_db_switchover_from_file_epoch.log
acq_db.recheck_ms=600000
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(1, 'db1'));
acq_db_active();
acq_test_put(acq_test_file(9, 'db3'));
$s = acq_db_switchover('db2');
echo $s['epoch'], ' ', $s['reason'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_from_file_epoch');
?>
--EXPECT--
10 switchover from db3: manual
