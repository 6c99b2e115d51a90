--TEST--
acq_db_rejoin() of a name not in acq_db.servers: ValueError
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_unknown.election
error_log={TMP}/acq_db_rejoin_unknown.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2', ['db1']));
acq_test_throws(fn() => acq_db_rejoin('db7'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_unknown');
?>
--EXPECT--
ValueError: acq_db_rejoin(): Argument #1 ($name) must be a server named in acq_db.servers, 'db7' is not
