--TEST--
The reason given to acq_db_switchover() is recorded in the status and in the file, with the server switched from
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_reason.election
error_log={TMP}/acq_db_switchover_reason.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
echo acq_db_switchover('db2', 'kernel upgrade on db1')['reason'], "\n";
echo acq_db_status()['reason'], "\n";
preg_match('/^reason: .*$/m', file_get_contents(acq_test_efile()), $m);
echo $m[0], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_reason');
?>
--EXPECT--
switchover from db1: kernel upgrade on db1
switchover from db1: kernel upgrade on db1
reason: switchover from db1: kernel upgrade on db1
