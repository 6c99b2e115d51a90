--TEST--
acq_db_switchover() logs one acq_db: line with the new server, the epoch, the reason, the host and the pid
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_log_line.election
error_log={TMP}/acq_db_switchover_log_line.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
acq_db_switchover('db3', 'test');
$lines = acq_test_log_lines();
echo count($lines), "\n", $lines[1] === '' ? '' : substr($lines[1], strpos($lines[1], 'acq_db: ')), "\n";
echo str_ends_with($lines[1], ' by ' . gethostname() . ' pid ' . getmypid()) ? "host and pid\n" : "?\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_log_line');
?>
--EXPECTF--
2
acq_db: switched over to db3 at epoch 2 (switchover from db1: test) by %s pid %d
host and pid
