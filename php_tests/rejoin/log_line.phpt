--TEST--
acq_db_rejoin() logs one acq_db: line naming the server and the epoch
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_log_line.election
error_log={TMP}/acq_db_rejoin_log_line.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2', ['db1']));
acq_db_rejoin('db1');
echo implode("\n", acq_test_log_lines()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_log_line');
?>
--EXPECTF--
[%s] acq_db: db1 rejoined (eligible again) at epoch 5
