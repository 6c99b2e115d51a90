--TEST--
last_read_reason and reads: the first state, then a change the node's poller published; a read that finds nothing new takes nothing
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_status_read_reason.election
error_log={TMP}/acq_db_status_read_reason.log
acq_db.recheck_ms=100
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(1, 'db1'));
acq_db_active();
$s = acq_db_status();
echo $s['last_read_reason'], ' ', $s['reads'], "\n";
acq_test_put(acq_test_file(2, 'db2'));
acq_db_active();
$s = acq_db_status();
echo $s['last_read_reason'], ' ', $s['reads'], "\n";
acq_test_wait_read(); /* the node read it again; nothing changed, nothing taken */
acq_db_active();
$s = acq_db_status();
echo $s['last_read_reason'], ' ', $s['reads'], ' ', $s['epoch'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_read_reason');
?>
--EXPECT--
first 1
published 2
published 2 2
