--TEST--
acq_db.alias: a connect to the alias host goes to the active master
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/alias.election
acq_db.failover_hold_ms=0
error_log={PWD}/alias.log
acq_db.alias=acq-db
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
$pdo = new PDO('mysql:host=acq-db;dbname=acq_test', 'acq', 'acq');
echo "pdo: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
acq_db_switchover('db3', 'test');
$m = new mysqli('acq-db', 'acq', 'acq', 'acq_test');
echo "mysqli after switchover: ", acq_it_name_of_port(acq_it_port($m)), "\n";
acq_it_cluster('kill', 'db3', 'KILL');
$pdo = new PDO('mysql:host=ACQ-DB;port=1;dbname=acq_test', 'acq', 'acq');
echo "pdo after db3 died: ", acq_it_name_of_port(acq_it_port($pdo)), " epoch ", acq_db_status()['epoch'], "\n";
acq_it_cluster('ensure', 'db3');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/alias.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/alias.log'); ?>
--EXPECT--
pdo: db1
mysqli after switchover: db3
pdo after db3 died: db1 epoch 3
