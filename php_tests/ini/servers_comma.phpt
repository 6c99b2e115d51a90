--TEST--
INI: acq_db.servers with an empty entry (stray comma) is refused at startup naming the directive and the part; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=h1,,db2=h2"
acq_db.election_file={TMP}/acq_db_ini_servers_comma.election
error_log={TMP}/acq_db_ini_servers_comma.log
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
acq_test_clean('ini_servers_comma');
?>
--EXPECT--
Warning: PHP Startup: acq_db.servers: entry 2 is empty (stray comma?) in Unknown on line 0
value: ""
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 2 is empty (stray comma?)
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 2 is empty (stray comma?)
