--TEST--
acq_db_init() logs one acq_db: line naming the file, the server and the epoch
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_log_line.election
error_log={TMP}/acq_db_init_log_line.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db2');
echo implode("\n", acq_test_log_lines()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_log_line');
?>
--EXPECTF--
[%s] acq_db: initialised %s/acq_db_init_log_line.election with active server db2 at epoch 1
