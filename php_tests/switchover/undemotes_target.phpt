--TEST--
acq_db_switchover() to a demoted server takes it out of demoted (an operator's choice)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_undemotes_target.election
error_log={TMP}/acq_db_switchover_undemotes_target.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db1', ['db2', 'db3']));
echo json_encode(acq_db_switchover('db2')['demoted']), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_undemotes_target');
?>
--EXPECT--
["db3"]
