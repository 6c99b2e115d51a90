--TEST--
A member whose name does not resolve (DNS failure) is a connection-level failure: elected away from, no warning left behind
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=db1.acq-db-test.invalid:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/dns.election
acq_db.failover_hold_ms=0
acq_db.alias=acq-db
error_log={PWD}/dns.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db2']);
error_clear_last();
$pdo = new PDO('mysql:host=acq-db;dbname=acq_test', 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$s = acq_db_status();
echo acq_it_name_of_port(acq_it_port($pdo)), " epoch ", $s['epoch'], "\n", $s['reason'], "\n";
var_dump(error_get_last());
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/dns.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/dns.log'); ?>
--EXPECTF--
db2 epoch 2
election: db1 failed: [2002] %sgetaddrinfo%s
NULL
