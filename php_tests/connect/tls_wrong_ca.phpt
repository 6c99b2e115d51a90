--TEST--
TLS failures are not failovers: a wrong CA is rejected on the master, and still rejected on every candidate after it dies
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/tls_wrong_ca.election
acq_db.failover_hold_ms=0
error_log={PWD}/tls_wrong_ca.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
$tls = acq_it_workdir() . '/tls';
acq_it_reset('db1');
$opts = [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::MYSQL_ATTR_SSL_CA => "$tls/wrong-ca.pem",
    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true];
try {
    new PDO(acq_it_dsn('db1'), 'acq_tls', 'acq', $opts);
    echo "connected with a wrong CA!\n";
} catch (PDOException $e) {
    echo "master alive: refused (", str_contains($e->getMessage(), 'SSL') ? 'TLS error' : $e->getMessage(), "), epoch ", acq_db_status()['epoch'], "\n";
}
acq_it_cluster('kill', 'db1', 'KILL');
try {
    new PDO(acq_it_dsn('db1'), 'acq_tls', 'acq', $opts);
    echo "connected with a wrong CA!\n";
} catch (PDOException $e) {
    echo "master dead: ", preg_replace('/db2 \(127.0.0.3:33062\): \[2002\] [^;]*(SSL|crypto)[^;]*;/', 'db2: TLS refused;', $e->getMessage()), "\n";
}
echo "epoch ", acq_db_status()['epoch'], "\n";
acq_it_cluster('ensure', 'db1');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/tls_wrong_ca.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/tls_wrong_ca.log'); ?>
--EXPECTF--
master alive: refused (TLS error), epoch 1
master dead: SQLSTATE[HY000] [2002] no server can take over from db1 at epoch 1 ([2002] Connection refused); tried: db1 (127.0.0.2:33061): the failed master; db2: TLS refused; db3 (127.0.0.4:33063): %s
epoch 1
