--TEST--
Statement-time fencing: long-lived PDO and mysqli connections send nothing to the old master after a switchover; outside a transaction they move to the new one with their session
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/stmt_fence.election
acq_db.failover_hold_ms=0
error_log={PWD}/stmt_fence.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2']);
acq_it_table_everywhere('stmt_fence');
mysqli_report(MYSQLI_REPORT_OFF);

$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
/* session state of both, to be found again on the new master */
$pdo->exec("SET SESSION sql_mode = 'ANSI_QUOTES'");
$pdo->exec("SET @who = 'pdo'");
$m->query("USE mysql");
$m->set_charset('latin1');
$pdo->exec("INSERT INTO stmt_fence (v) VALUES ('pdo before')");
$m->query("INSERT INTO acq_test.stmt_fence (v) VALUES ('mysqli before')");
$old = $m->prepare("INSERT INTO acq_test.stmt_fence (v) VALUES ('prepared before')");
echo "before: db1 has ", acq_it_count('db1', 'stmt_fence'), " rows\n";

acq_db_switchover('db2', 'planned');

/* every kind of statement, nothing of it on db1 */
$pdo->exec("INSERT INTO stmt_fence (v) VALUES ('pdo after')");
$pdo->query("SELECT 1")->fetchAll();
$st = $pdo->prepare("INSERT INTO stmt_fence (v) VALUES (?)");
$st->execute(['pdo prepared after']);
$m->query("INSERT INTO acq_test.stmt_fence (v) VALUES ('mysqli after')");
$new = $m->prepare("INSERT INTO acq_test.stmt_fence (v) VALUES (?)");
$v = 'mysqli prepared after';
$new->bind_param('s', $v);
var_dump($new->execute());
/* a statement prepared on db1 is not executed anywhere */
var_dump($old->execute());
echo $old->errno, " ", $old->error, "\n";
$native = new PDO(acq_it_dsn('db2'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => false]);
$native->prepare("INSERT INTO stmt_fence (v) VALUES (?)")->execute(['pdo native on db2']);

echo "after: db1 has ", acq_it_count('db1', 'stmt_fence'), " rows, db2 has ", acq_it_count('db2', 'stmt_fence'), " rows\n";
echo "pdo on ", acq_it_name_of_port(acq_it_port($pdo)), ", mysqli on ", acq_it_name_of_port(acq_it_port($m)), "\n";
echo "pdo session: ", $pdo->query("SELECT CONCAT(@@sql_mode, ' ', @who, ' ', DATABASE())")->fetchColumn(), "\n";
echo "mysqli session: ", implode(' ', $m->query("SELECT DATABASE(), @@character_set_client")->fetch_row()), "\n";
$s = acq_db_status()['statements'];
echo "rerouted ", $s['rerouted'], ", refused ", $s['refused'], ", retried ", $s['retried'], "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/stmt_fence.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/stmt_fence.log'); ?>
--EXPECT--
before: db1 has 2 rows
bool(true)
bool(false)
2006 MySQL server has gone away (acq_db: this statement was prepared on a connection that acq_db moved to the active master db2; prepare it again)
after: db1 has 2 rows, db2 has 5 rows
pdo on db2, mysqli on db2
pdo session: ANSI_QUOTES pdo acq_test
mysqli session: mysql latin1
rerouted 2, refused 1, retried 0
