--TEST--
Anti-flapping: a second automatic failover within acq_db.failover_hold_ms is refused with an actionable error
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/hold.election
acq_db.failover_hold_ms=0
error_log={PWD}/hold.log
acq_db.failover_hold_ms=600000
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "first failover: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
acq_it_cluster('kill', 'db2', 'KILL');
try {
    new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
} catch (PDOException $e) {
    echo $e->getMessage(), "\n";
}
acq_db_switchover('db3', 'operator after the second failure');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "after the operator's failover: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
acq_it_cluster('ensure', 'db1', 'db2');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/hold.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/hold.log'); ?>
--EXPECTF--
first failover: db2
SQLSTATE[HY000] [2002] automatic failover away from db2 refused: it was itself elected %d ms ago (acq_db.failover_hold_ms=600000). Failures in a row point at a cause that would follow the master (a query of death, an overload); an operator decides: acq_db_switchover('NAME') or acq-db-admin switchover NAME
after the operator's failover: db3
