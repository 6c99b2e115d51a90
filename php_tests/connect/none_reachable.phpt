--TEST--
No server reachable: the caller gets one error naming every server tried and why; nothing is written
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/none_reachable.election
acq_db.failover_hold_ms=0
error_log={PWD}/none_reachable.log
acq_db.connect_timeout_ms=300
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
acq_it_cluster('kill', 'db2', 'KILL');
acq_it_cluster('silent', 'db3');
$before = file_get_contents(ini_get('acq_db.election_file'));
try {
    new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
} catch (PDOException $e) {
    echo $e->getMessage(), "\n";
}
echo $before === file_get_contents(ini_get('acq_db.election_file')) ? "file unchanged\n" : "file changed\n";
acq_it_cluster('ensure', 'db1', 'db2', 'db3');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/none_reachable.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/none_reachable.log'); ?>
--EXPECTF--
SQLSTATE[HY000] [2002] no server can take over from db1 at epoch 1 ([2002] Connection refused); tried: db1 (127.0.0.2:33061): the failed master; db2 (127.0.0.3:33062): [2002] Connection refused; db3 (127.0.0.4:33063): [%d] %s (no answer within acq_db.connect_timeout_ms); 
file unchanged
