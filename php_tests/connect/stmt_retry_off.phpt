--TEST--
acq_db.retry_reads=0: a safe read that fails at connection level is not retried
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/stmt_retry_off.election
acq_db.retry_reads=0
error_log={PWD}/stmt_retry_off.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2']);
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$id = (int) $pdo->query("SELECT CONNECTION_ID()")->fetchColumn();
acq_it_kill_connection('db1', $id);
try {
    $pdo->query("SELECT 1");
} catch (PDOException $e) {
    echo "not retried: ", $e->errorInfo[1], "\n";
}
$s = acq_db_status()['statements'];
var_dump($s['retry_reads'], $s['retried']);
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/stmt_retry_off.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/stmt_retry_off.log'); ?>
--EXPECT--
not retried: 2006
bool(false)
int(0)
