--TEST--
acq_db_switchover(null) picks the first server in priority order that is neither active nor demoted
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_next_eligible.election
error_log={TMP}/acq_db_switchover_next_eligible.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db1', ['db2']));
echo acq_db_switchover(null)['active'], "\n";
echo acq_db_switchover()['active'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_next_eligible');
?>
--EXPECT--
db3
db1
