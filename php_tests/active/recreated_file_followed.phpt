--TEST--
A re-created election file (a new incarnation at epoch 1, as on a rebuilt volume) is followed by the node's other processes, not refused as a regression
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_recreated_file_followed.election
error_log={TMP}/acq_db_active_recreated_file_followed.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$other = 'echo json_encode(acq_db_active()), " ", acq_db_status()["epoch"], PHP_EOL;';
acq_test_put(acq_test_file(5, 'db2', ['db1']));
echo 'before: ', acq_test_child($other)[1], "\n";
/* the volume is rebuilt: the file and its lock file are gone, init again */
unlink(acq_test_efile());
@unlink(acq_test_efile() . '.lock');
$st = acq_db_init('db1');
echo 'init: epoch ', $st['epoch'], "\n";
acq_test_wait_read();
echo 'another process: ', acq_test_child($other)[1], "\n";
echo 'this process: ', json_encode(acq_db_active()), "\n";
$s = acq_db_status();
echo 'status: ok ', json_encode($s['ok']), ', epoch ', $s['epoch'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_recreated_file_followed');
?>
--EXPECT--
before: {"host":"127.0.0.2","port":3307} 5
init: epoch 1
another process: {"host":"127.0.0.1","port":3306} 1
this process: {"host":"127.0.0.1","port":3306}
status: ok true, epoch 1
