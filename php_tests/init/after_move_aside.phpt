--TEST--
acq_db_init() after the file was moved aside continues above the last epoch (epoch 3, moved aside, init: epoch 4)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_after_move_aside.election
error_log={TMP}/acq_db_init_after_move_aside.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
acq_db_switchover('db2');
echo acq_db_switchover('db3')['epoch'], "\n";
rename(acq_test_efile(), acq_test_efile() . '.damaged');
$s = acq_db_init('db1');
echo $s['epoch'], ' ', $s['active'], ' ', json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_after_move_aside');
?>
--EXPECT--
3
4 db1 {"host":"127.0.0.1","port":3306}
