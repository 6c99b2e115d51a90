--TEST--
INI: acq_db.servers with 17 servers is refused at startup naming the directive and the part; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=10.0.0.1,db2=10.0.0.2,db3=10.0.0.3,db4=10.0.0.4,db5=10.0.0.5,db6=10.0.0.6,db7=10.0.0.7,db8=10.0.0.8,db9=10.0.0.9,db10=10.0.0.10,db11=10.0.0.11,db12=10.0.0.12,db13=10.0.0.13,db14=10.0.0.14,db15=10.0.0.15,db16=10.0.0.16,db17=10.0.0.17"
acq_db.election_file={TMP}/acq_db_ini_servers_too_many.election
error_log={TMP}/acq_db_ini_servers_too_many.log
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
acq_test_clean('ini_servers_too_many');
?>
--EXPECT--
Warning: PHP Startup: acq_db.servers: more than 16 servers listed in Unknown on line 0
value: ""
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: more than 16 servers listed
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: more than 16 servers listed
