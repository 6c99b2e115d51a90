--TEST--
INI: a switch (acq_db.routing, acq_db.operator_functions) that is not On/Off, 1/0, yes/no or true/false is refused at startup naming the directive and the value; acq_db fails closed
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_ini_switch_text.election
error_log={TMP}/acq_db_ini_switch_text.log
acq_db.routing=maybe
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_switch_text');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.routing: 'maybe' must be On or Off (1 or 0) in Unknown on line 0
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.routing: 'maybe' must be On or Off (1 or 0)
