--TEST--
Arguments of the wrong type: TypeError from every function
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_arg_types.election
error_log={TMP}/acq_db_errors_arg_types.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_init([]));
acq_test_throws(fn() => acq_db_switchover([]));
acq_test_throws(fn() => acq_db_switchover('db2', []));
acq_test_throws(fn() => acq_db_rejoin([]));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_arg_types');
?>
--EXPECT--
TypeError: acq_db_init(): Argument #1 ($active) must be of type ?string, array given
TypeError: acq_db_switchover(): Argument #1 ($to) must be of type ?string, array given
TypeError: acq_db_switchover(): Argument #2 ($reason) must be of type string, array given
TypeError: acq_db_rejoin(): Argument #1 ($name) must be of type string, array given
