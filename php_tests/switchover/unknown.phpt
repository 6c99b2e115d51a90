--TEST--
acq_db_switchover() to a name not in acq_db.servers: ValueError
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_unknown.election
error_log={TMP}/acq_db_switchover_unknown.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
acq_test_throws(fn() => acq_db_switchover('db9'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_unknown');
?>
--EXPECT--
ValueError: acq_db_switchover(): Argument #1 ($to) must be a server named in acq_db.servers, 'db9' is not
