--TEST--
Authentication errors and an unknown database go back to the caller unchanged: no election
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/no_failover_errors.election
acq_db.failover_hold_ms=0
error_log={PWD}/no_failover_errors.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
foreach ([['acq', 'wrong', 'acq_test'], ['acq', 'acq', 'no_such_db']] as [$u, $p, $db]) {
    try {
        new PDO("mysql:host=127.0.0.2;port=33061;dbname=$db", $u, $p, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    } catch (PDOException $e) {
        echo "pdo: ", $e->getMessage(), "\n";
    }
    mysqli_report(MYSQLI_REPORT_OFF);
    $m = @mysqli_connect('127.0.0.2', $u, $p, $db, 33061);
    echo "mysqli: ", mysqli_connect_errno(), "\n";
}
$s = acq_db_status();
echo "epoch ", $s['epoch'], " active ", $s['active'], " demoted ", count($s['demoted']), "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/no_failover_errors.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/no_failover_errors.log'); ?>
--EXPECTF--
pdo: SQLSTATE[HY000] [1045] Access denied for user 'acq'@'%s' (using password: YES)
mysqli: 1045
pdo: SQLSTATE[HY000] [1049] Unknown database 'no_such_db'
mysqli: 1049
epoch 1 active db1 demoted 0
