--TEST--
Without an earlier good read, a file naming a server missing from acq_db.servers (configuration drift) fails closed: AcqDbException ACQ_DB_E_UNKNOWN_SERVER says what is wrong and what to do
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_fail_closed_unknown.election
error_log={TMP}/acq_db_active_fail_closed_unknown.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_fails_closed('unknown');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_fail_closed_unknown');
?>
--EXPECT--
AcqDbException ACQ_DB_E_UNKNOWN_SERVER: active server 'db9' (epoch 7) is not in this node's acq_db.servers: the nodes' configurations differ; add 'db9' to acq_db.servers here or fail over to a server every node knows; no connection will be made to a guessed server
