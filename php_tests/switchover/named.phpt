--TEST--
acq_db_switchover('db3') makes db3 active at the next epoch and returns the status
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_named.election
error_log={TMP}/acq_db_switchover_named.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
$s = acq_db_switchover('db3');
echo $s['epoch'], ' ', $s['active'], ' ', json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_named');
?>
--EXPECT--
2 db3 {"host":"::1","port":3308}
