--TEST--
Statement-time fencing inside a transaction: the statement is refused with a 2006-class error naming the demoted master, nothing of the transaction is committed, and a new connection works
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/stmt_fence_trx.election
acq_db.failover_hold_ms=0
error_log={PWD}/stmt_fence_trx.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2']);
acq_it_table_everywhere('stmt_trx');
mysqli_report(MYSQLI_REPORT_OFF);

$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$pdo->beginTransaction();
$pdo->exec("INSERT INTO stmt_trx (v) VALUES ('pdo in trx')");
$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
$m->begin_transaction();
$m->query("INSERT INTO stmt_trx (v) VALUES ('mysqli in trx')");
$m2 = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
$m2->autocommit(false);
$m2->query("INSERT INTO stmt_trx (v) VALUES ('mysqli autocommit off')");

acq_db_switchover('db2', 'planned');

try {
    $pdo->exec("INSERT INTO stmt_trx (v) VALUES ('pdo in trx, after')");
} catch (PDOException $e) {
    echo "pdo: ", $e->getMessage(), "\n";
}
var_dump($m->commit());
echo "mysqli: ", $m->errno, " ", $m->error, "\n";
var_dump($m2->query("SELECT COUNT(*) FROM stmt_trx"));
echo "mysqli autocommit off: ", $m2->errno, "\n";
echo "refused ", acq_db_status()['statements']['refused'], "\n";

/* the closed connections' transactions are rolled back on db1 */
acq_it_wait_until(fn () => acq_it_count('db1', 'stmt_trx') === 0);
echo "db1 rows ", acq_it_count('db1', 'stmt_trx'), ", db2 rows ", acq_it_count('db2', 'stmt_trx'), "\n";

/* the application starts over on a new connection: the new master */
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$pdo->beginTransaction();
$pdo->exec("INSERT INTO stmt_trx (v) VALUES ('again')");
$pdo->commit();
echo "db1 rows ", acq_it_count('db1', 'stmt_trx'), ", db2 rows ", acq_it_count('db2', 'stmt_trx'), "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/stmt_fence_trx.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/stmt_fence_trx.log'); ?>
--EXPECT--
pdo: SQLSTATE[HY000]: General error: 2006 MySQL server has gone away (acq_db: the transaction was on db1, which is no longer the active master (epoch 2: db2); it was not committed and its connection is closed: reconnect and start the transaction again)
bool(false)
mysqli: 2006 MySQL server has gone away (acq_db: the transaction was on db1, which is no longer the active master (epoch 2: db2); it was not committed and its connection is closed: reconnect and start the transaction again)
bool(false)
mysqli autocommit off: 2006
refused 3
db1 rows 0, db2 rows 0
db1 rows 0, db2 rows 1
