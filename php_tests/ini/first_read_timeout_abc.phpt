--TEST--
INI: acq_db.first_read_timeout_ms=abc is refused at startup naming the directive and the value; acq_db fails closed
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_first_read_timeout_abc.election
error_log={TMP}/acq_db_ini_first_read_timeout_abc.log
acq_db.first_read_timeout_ms=abc
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_first_read_timeout_abc');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.first_read_timeout_ms: 'abc' is not a number of milliseconds from 0 to 600000 in Unknown on line 0
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.first_read_timeout_ms: 'abc' is not a number of milliseconds from 0 to 600000%S
