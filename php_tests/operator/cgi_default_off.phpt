--TEST--
acq_db.operator_functions: off by default outside the CLI SAPI (php-cgi): switchover, its deprecated name, rejoin and init throw AcqDbException ACQ_DB_E_PERM naming the directive and write nothing; reading works
--CGI--
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_operator_cgi_default_off.election
error_log={TMP}/acq_db_operator_cgi_default_off.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo PHP_SAPI, ': acq_db.operator_functions=', json_encode(ini_get('acq_db.operator_functions')), "\n";
acq_test_throws(fn() => acq_db_init());
acq_test_throws(fn() => acq_db_switchover('db2'));
acq_test_throws(fn() => acq_db_rejoin('db1'));
acq_test_throws(fn() => @acq_db_failover('db2'));
echo 'file written: ', json_encode(file_exists(ini_get('acq_db.election_file'))), "\n";
echo 'status: ', acq_db_status()['settings']['acq_db.operator_functions'] ? 'on' : 'off', "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('operator_cgi_default_off');
?>
--EXPECT--
cgi-fcgi: acq_db.operator_functions="0"
AcqDbException ACQ_DB_E_PERM: acq_db_init() is an operator function and acq_db.operator_functions is Off in this SAPI (cgi-fcgi); use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it
AcqDbException ACQ_DB_E_PERM: acq_db_switchover() is an operator function and acq_db.operator_functions is Off in this SAPI (cgi-fcgi); use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it
AcqDbException ACQ_DB_E_PERM: acq_db_rejoin() is an operator function and acq_db.operator_functions is Off in this SAPI (cgi-fcgi); use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it
AcqDbException ACQ_DB_E_PERM: acq_db_failover() is an operator function and acq_db.operator_functions is Off in this SAPI (cgi-fcgi); use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it
file written: false
status: off
