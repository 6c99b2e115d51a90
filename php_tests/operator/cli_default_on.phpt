--TEST--
acq_db.operator_functions: on by default in the CLI SAPI (an operator's shell); php.ini can turn it off there too
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_operator_cli_default_on.election
error_log={TMP}/acq_db_operator_cli_default_on.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo PHP_SAPI, ': acq_db.operator_functions=', json_encode(ini_get('acq_db.operator_functions')), "\n";
echo acq_db_init('db1')['active'], ' ', acq_db_switchover('db2')['active'], "\n";
[$rc, $out] = acq_test_child('try { acq_db_rejoin("db1"); } catch (AcqDbException $e) { echo $e->getMessage(), "\n"; }',
    ['acq_db.operator_functions' => '0']);
echo $out, "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('operator_cli_default_on');
?>
--EXPECT--
cli: acq_db.operator_functions="1"
db1 db2
acq_db_rejoin() is an operator function and acq_db.operator_functions is Off in this SAPI (cli); use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it
