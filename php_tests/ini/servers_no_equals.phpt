--TEST--
INI: acq_db.servers with an entry without NAME= is refused at startup naming the directive and the part; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="h1:3306"
acq_db.election_file={TMP}/acq_db_ini_servers_no_equals.election
error_log={TMP}/acq_db_ini_servers_no_equals.log
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
acq_test_clean('ini_servers_no_equals');
?>
--EXPECT--
Warning: PHP Startup: acq_db.servers: entry 1 'h1:3306': expected NAME=HOST:PORT in Unknown on line 0
value: ""
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 1 'h1:3306': expected NAME=HOST:PORT
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 1 'h1:3306': expected NAME=HOST:PORT
