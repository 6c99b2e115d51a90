--TEST--
A silent master (accepts TCP, never greets) is given up after acq_db.connect_timeout_ms and replaced
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/silent.election
acq_db.failover_hold_ms=0
error_log={PWD}/silent.log
acq_db.connect_timeout_ms=300
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('silent', 'db1');
$t = hrtime(true);
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 30]);
$ms = (hrtime(true) - $t) / 1e6;
$s = acq_db_status();
echo acq_it_name_of_port(acq_it_port($pdo)), " ", $s['epoch'], " ", $s['active'], "\n", $s['reason'], "\n";
/* the wait is bounded by connect_timeout_ms, not PDO's 30 s: checked loosely (a bound, not a speed figure) */
echo $ms >= 300 ? "waited at least connect_timeout_ms\n" : "too short: $ms ms\n";
echo $ms < 10000 ? "did not wait for PDO's timeout\n" : "waited $ms ms\n";
/* the new connection keeps the caller's read timeout, not ours */
echo $pdo->query('SELECT SLEEP(0.5)')->fetchColumn(), "\n";
acq_it_cluster('ensure', 'db1');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/silent.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/silent.log'); ?>
--EXPECTF--
db2 2 db2
election: db1 failed: [%d] %s (no answer within acq_db.connect_timeout_ms)
waited at least connect_timeout_ms
did not wait for PDO's timeout
0
