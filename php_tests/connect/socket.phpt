--TEST--
Unix socket members: a dead master reached by socket is replaced by the next member's socket (PDO and mysqli)
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/socket.election
acq_db.failover_hold_ms=0
error_log={PWD}/socket.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
$wd = acq_it_workdir();
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
/* the INI can only name fixed paths: this test re-configures through a child process */
$servers = "db1=unix:$wd/db1.sock,db2=unix:$wd/db2.sock";
$file = __DIR__ . '/socket.election.sock';
@unlink($file); @unlink("$file.lock");
$cmd = escapeshellarg(PHP_BINARY) . ' ' . getenv('ACQ_DB_PHP_ARGS')
    . ' -d ' . escapeshellarg("acq_db.servers=\"$servers\"") . ' -d ' . escapeshellarg("acq_db.election_file=$file")
    . ' -d acq_db.failover_hold_ms=0 -r ' . escapeshellarg('
        acq_db_init("db1");
        $a = acq_db_active();
        echo "active: ", $a["host"], " ", basename($a["unix_socket"]), "\n";
        $pdo = new PDO("mysql:unix_socket={$a["unix_socket"]};dbname=acq_test", "acq", "acq", [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        echo "pdo: ", $pdo->query("SELECT @@port")->fetchColumn(), " ", $pdo->getAttribute(PDO::ATTR_CONNECTION_STATUS), "\n";
        $m = new mysqli("localhost", "acq", "acq", "acq_test", 0, $a["unix_socket"]);
        echo "mysqli: ", $m->query("SELECT @@port")->fetch_row()[0], " ", $m->host_info, "\n";
        $s = acq_db_status(); echo $s["epoch"], " ", $s["active"], " ", $s["reason"], "\n";
    ') . ' 2>/dev/null';
echo shell_exec($cmd);
@unlink($file); @unlink("$file.lock");
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/socket.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/socket.log'); ?>
--EXPECTF--
active: localhost db1.sock
pdo: 33062 Localhost via UNIX socket
mysqli: 33062 Localhost via UNIX socket
2 db2 election: db1 failed: [2002] %s
