--TEST--
INI: acq_db.servers with a blank list is refused at startup naming the directive and the part; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers=" "
acq_db.election_file={TMP}/acq_db_ini_servers_blank.election
error_log={TMP}/acq_db_ini_servers_blank.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo 'value: ', json_encode(ini_get('acq_db.servers')), "\n";
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_servers_blank');
?>
--EXPECT--
Warning: PHP Startup: acq_db.servers: no servers listed; expected e.g. db1=10.0.0.11:3306, db2=10.0.0.12:3306 in Unknown on line 0
value: ""
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: no servers listed; expected e.g. db1=10.0.0.11:3306, db2=10.0.0.12:3306
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: no servers listed; expected e.g. db1=10.0.0.11:3306, db2=10.0.0.12:3306
