--TEST--
No failback: a demoted master that comes back is not elected again until acq_db_rejoin()
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/no_failback.election
acq_db.failover_hold_ms=0
error_log={PWD}/no_failback.log
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "after db1 died: ", acq_it_name_of_port(acq_it_port($pdo)), ", demoted ", implode(',', acq_db_status()['demoted']), "\n";
acq_it_cluster('ensure', 'db1');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "db1 back, connect naming db1: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
acq_it_cluster('kill', 'db2', 'KILL');
try {
    new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
} catch (PDOException $e) {
    echo $e->getMessage(), "\n";
}
acq_db_rejoin('db1');
$pdo = new PDO(acq_it_dsn('db2'), 'acq', 'acq');
$s = acq_db_status();
echo "after rejoin: ", acq_it_name_of_port(acq_it_port($pdo)), ", epoch ", $s['epoch'], ", demoted ", implode(',', $s['demoted']), "\n";
acq_it_cluster('ensure', 'db2');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/no_failback.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/no_failback.log'); ?>
--EXPECT--
after db1 died: db2, demoted db1
db1 back, connect naming db1: db2
SQLSTATE[HY000] [2002] no server can take over from db2 at epoch 2 ([2002] Connection refused); tried: db1 (127.0.0.2:33061): demoted, needs acq_db_rejoin() before it can be elected; db2 (127.0.0.3:33062): the failed master; 
after rejoin: db1, epoch 4, demoted db2
