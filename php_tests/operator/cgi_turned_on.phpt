--TEST--
acq_db.operator_functions=1 turns the operator functions on for a pool that needs them (php-cgi)
--CGI--
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_operator_cgi_turned_on.election
error_log={TMP}/acq_db_operator_cgi_turned_on.log
acq_db.operator_functions=1
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo PHP_SAPI, ': ', acq_db_init('db1')['active'], ' ', acq_db_switchover('db2')['active'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('operator_cgi_turned_on');
?>
--EXPECT--
cgi-fcgi: db1 db2
