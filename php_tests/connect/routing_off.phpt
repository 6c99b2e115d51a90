--TEST--
acq_db.routing=0: connects pass through untouched, no election
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/routing_off.election
acq_db.failover_hold_ms=0
error_log={PWD}/routing_off.log
acq_db.routing=0
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_db_switchover('db2');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "named db1, got ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
acq_it_cluster('kill', 'db1', 'KILL');
try {
    new PDO(acq_it_dsn('db1'), 'acq', 'acq');
} catch (PDOException $e) {
    echo $e->getMessage(), "\n";
}
echo "epoch ", acq_db_status()['epoch'], "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/routing_off.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/routing_off.log'); ?>
--EXPECT--
named db1, got db1
SQLSTATE[HY000] [2002] Connection refused
epoch 2
