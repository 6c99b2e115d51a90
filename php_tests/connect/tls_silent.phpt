--TEST--
TLS survives a failover away from a silent master (a failed greeting leaves the handle half-used; the retry must still encrypt and verify)
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/tls_silent.election
acq_db.failover_hold_ms=0
acq_db.connect_timeout_ms=300
error_log={PWD}/tls_silent.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
$tls = acq_it_workdir() . '/tls';
acq_it_reset('db1');
acq_it_cluster('silent', 'db1');
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::MYSQL_ATTR_SSL_CA => "$tls/ca.pem",
    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,
]);
$cipher = $pdo->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")->fetch(PDO::FETCH_NUM)[1];
echo acq_it_name_of_port(acq_it_port($pdo)), ", cipher ", $cipher !== '' ? 'set' : 'EMPTY', "\n";
acq_it_cluster('ensure', 'db1');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/tls_silent.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/tls_silent.log'); ?>
--EXPECT--
db2, cipher set
