--TEST--
Persistent connections (PDO::ATTR_PERSISTENT, mysqli p:) to a demoted master are dropped on reuse and reconnected to the active one
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/persistent.election
acq_db.failover_hold_ms=0
error_log={PWD}/persistent.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_PERSISTENT => true]);
$id1 = $pdo->query('SELECT CONNECTION_ID()')->fetchColumn();
echo "pdo first: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
$pdo = null;
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_PERSISTENT => true]);
echo "pdo reused while db1 active: ", $id1 === $pdo->query('SELECT CONNECTION_ID()')->fetchColumn() ? 'same connection' : 'new connection', "\n";
$m = new mysqli('p:127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
echo "mysqli first: ", acq_it_name_of_port(acq_it_port($m)), "\n";
$m->close();
$pdo = null;
acq_db_switchover('db2', 'planned switchover');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_PERSISTENT => true]);
echo "pdo after switchover: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
$m = new mysqli('p:127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
echo "mysqli after switchover: ", acq_it_name_of_port(acq_it_port($m)), ", errno ", $m->errno, "\n";
var_dump(error_get_last());
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/persistent.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/persistent.log'); ?>
--EXPECT--
pdo first: db1
pdo reused while db1 active: same connection
mysqli first: db1
pdo after switchover: db2
mysqli after switchover: db2, errno 0
NULL
