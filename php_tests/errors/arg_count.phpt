--TEST--
Too many or too few arguments: ArgumentCountError from every function
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_arg_count.election
error_log={TMP}/acq_db_errors_arg_count.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active(1));
acq_test_throws(fn() => acq_db_status(1));
acq_test_throws(fn() => acq_db_init(null, 1));
acq_test_throws(fn() => acq_db_switchover(null, '', 1));
acq_test_throws(fn() => acq_db_rejoin());
acq_test_throws(fn() => acq_db_rejoin('db1', 'db2'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_arg_count');
?>
--EXPECT--
ArgumentCountError: acq_db_active() expects exactly 0 arguments, 1 given
ArgumentCountError: acq_db_status() expects exactly 0 arguments, 1 given
ArgumentCountError: acq_db_init() expects at most 1 argument, 2 given
ArgumentCountError: acq_db_switchover() expects at most 2 arguments, 3 given
ArgumentCountError: acq_db_rejoin() expects exactly 1 argument, 0 given
ArgumentCountError: acq_db_rejoin() expects exactly 1 argument, 2 given
