--TEST--
INI: acq_db.connect_timeout_ms=0 is refused at startup naming the directive and the value; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_connect_zero.election
error_log={TMP}/acq_db_ini_connect_zero.log
acq_db.connect_timeout_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo 'value: ', json_encode(ini_get('acq_db.connect_timeout_ms')), "\n";
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_connect_zero');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.connect_timeout_ms: '0' is not a number of milliseconds from 1 to 600000 in Unknown on line 0
value: %s
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.connect_timeout_ms: '0' is not a number of milliseconds from 1 to 600000%S
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.connect_timeout_ms: '0' is not a number of milliseconds from 1 to 600000%S
