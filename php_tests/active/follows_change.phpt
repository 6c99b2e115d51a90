--TEST--
acq_db_active() in the same request follows a change of the file (no stale cached array)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_follows_change.election
error_log={TMP}/acq_db_active_follows_change.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(1, 'db1'));
echo json_encode(acq_db_active()), "\n";
acq_test_put(acq_test_file(2, 'db3'));
echo json_encode(acq_db_active()), "\n";
acq_db_switchover('db2');
echo json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_follows_change');
?>
--EXPECT--
{"host":"127.0.0.1","port":3306}
{"host":"::1","port":3308}
{"host":"127.0.0.2","port":3307}
