--TEST--
TLS is never downgraded by a failover: the new connection is encrypted and verified (PDO and mysqli)
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/tls.election
acq_db.failover_hold_ms=0
error_log={PWD}/tls.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
$tls = acq_it_workdir() . '/tls';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
$pdo = new PDO(acq_it_dsn('db1'), 'acq_tls', 'acq', [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::MYSQL_ATTR_SSL_CA => "$tls/ca.pem",
    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,
]);
$cipher = $pdo->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")->fetch(PDO::FETCH_NUM)[1];
echo "pdo: ", acq_it_name_of_port(acq_it_port($pdo)), ", cipher ", $cipher !== '' ? 'set' : 'EMPTY', "\n";
/* the same with a client that does not require TLS on the server side: still encrypted */
$pdo = new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::MYSQL_ATTR_SSL_CA => "$tls/ca.pem", PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true]);
$cipher = $pdo->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")->fetch(PDO::FETCH_NUM)[1];
echo "pdo, user without REQUIRE SSL: ", acq_it_name_of_port(acq_it_port($pdo)), ", cipher ", $cipher !== '' ? 'set' : 'EMPTY', "\n";
acq_it_cluster('kill', 'db2', 'KILL');
$m = mysqli_init();
$m->ssl_set(null, null, "$tls/ca.pem", null, null);
$m->real_connect('127.0.0.3', 'acq', 'acq', 'acq_test', 33062, null, MYSQLI_CLIENT_SSL);
$cipher = $m->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")->fetch_row()[1];
echo "mysqli: ", acq_it_name_of_port(acq_it_port($m)), ", cipher ", $cipher !== '' ? 'set' : 'EMPTY', "\n";
echo "epoch ", acq_db_status()['epoch'], "\n";
acq_it_cluster('ensure', 'db1', 'db2');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/tls.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/tls.log'); ?>
--EXPECT--
pdo: db2, cipher set
pdo, user without REQUIRE SSL: db2, cipher set
mysqli: db3, cipher set
epoch 3
