--TEST--
acq_db_rejoin() without a name: ArgumentCountError
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_missing_argument.election
error_log={TMP}/acq_db_rejoin_missing_argument.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_rejoin());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_missing_argument');
?>
--EXPECT--
ArgumentCountError: acq_db_rejoin() expects exactly 1 argument, 0 given
