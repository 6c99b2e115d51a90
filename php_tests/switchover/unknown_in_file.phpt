--TEST--
acq_db_switchover() over a file naming a server this node does not know is refused (ACQ_DB_E_UNKNOWN_SERVER)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_unknown_in_file.election
error_log={TMP}/acq_db_switchover_unknown_in_file.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_damaged('unknown'));
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_switchover('db2'));
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_unknown_in_file');
?>
--EXPECT--
AcqDbException ACQ_DB_E_UNKNOWN_SERVER: active server 'db9' (epoch 7) is not in this node's acq_db.servers: the nodes' configurations differ; add 'db9' to acq_db.servers here or fail over to a server every node knows
bool(true)
