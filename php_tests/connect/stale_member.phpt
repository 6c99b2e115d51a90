--TEST--
A connect naming a member that is not the active master goes to the active one; other hosts pass through
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/stale_member.election
acq_db.failover_hold_ms=0
error_log={PWD}/stale_member.log
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2', 'db3']);
acq_db_switchover('db2', 'planned');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq');
echo "stale settings naming db1: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
echo "mysqli naming db1: ", acq_it_name_of_port(acq_it_port($m)), "\n";
/* db3 is not a member here: untouched */
$pdo = new PDO(acq_it_dsn('db3'), 'acq', 'acq');
echo "non-member: ", acq_it_name_of_port(acq_it_port($pdo)), "\n";
/* a non-member that is down fails as usual, no election */
try {
    new PDO('mysql:host=127.0.0.5;port=33069', 'acq', 'acq');
} catch (PDOException $e) {
    echo "non-member down: ", $e->getMessage(), "\n";
}
echo "epoch ", acq_db_status()['epoch'], "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/stale_member.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/stale_member.log'); ?>
--EXPECTF--
stale settings naming db1: db2
mysqli naming db1: db2
non-member: db3
non-member down: SQLSTATE[HY000] [2002] Connection refused
epoch 2
