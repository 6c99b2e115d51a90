--TEST--
After acq_db_rejoin() the server can be chosen by acq_db_switchover(null) again
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_eligible_again.election
error_log={TMP}/acq_db_rejoin_eligible_again.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db3', ['db1', 'db2']));
acq_test_throws(fn() => acq_db_switchover());
acq_db_rejoin('db2');
echo acq_db_switchover()['active'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_eligible_again');
?>
--EXPECT--
AcqDbException ACQ_DB_E_NO_CANDIDATE: no eligible server to switch to from db3: every other server is demoted (use acq_db_rejoin() first)
db2
