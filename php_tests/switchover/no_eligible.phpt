--TEST--
acq_db_switchover(null) when every other server is demoted: AcqDbException ACQ_DB_E_NO_CANDIDATE, nothing written
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_no_eligible.election
error_log={TMP}/acq_db_switchover_no_eligible.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db1', ['db2', 'db3']));
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_switchover());
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_no_eligible');
?>
--EXPECT--
AcqDbException ACQ_DB_E_NO_CANDIDATE: no eligible server to switch to from db1: every other server is demoted (use acq_db_rejoin() first)
bool(true)
