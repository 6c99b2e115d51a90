--TEST--
A server name with a NUL byte is not a configured name: ValueError, not the name before the NUL
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_name_nul.election
error_log={TMP}/acq_db_errors_name_nul.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2', ['db1']));
acq_test_throws(fn() => acq_db_rejoin("db1\0junk"));
acq_test_throws(fn() => acq_db_switchover("db3\0junk"));
echo acq_db_status()['epoch'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_name_nul');
?>
--EXPECTF--
ValueError: acq_db_rejoin(): Argument #1 ($name) must be a server named in acq_db.servers, %s is not
ValueError: acq_db_switchover(): Argument #1 ($to) must be a server named in acq_db.servers, %s is not
4
