--TEST--
A master shut down cleanly (SIGTERM) is replaced like a dead one
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/shutdown_clean.election
acq_db.failover_hold_ms=0
error_log={PWD}/shutdown_clean.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'TERM');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$s = acq_db_status();
echo acq_it_name_of_port(acq_it_port($pdo)), " ", $s['epoch'], " ", $s['active'], " ", $s['reason'], "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/shutdown_clean.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/shutdown_clean.log'); ?>
--EXPECTF--
db2 2 db2 election: db1 failed: [2002] Connection refused
