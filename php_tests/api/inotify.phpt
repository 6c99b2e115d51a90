--TEST--
A change made by another process on this node is seen at once (inotify), long before recheck_ms
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/inotify.election
error_log={PWD}/inotify.log
acq_db.recheck_ms=600000
--FILE--
<?php
acq_db_init('db1');
echo acq_db_active()['host'], "\n";
$cmd = escapeshellarg(PHP_BINARY) . ' ' . getenv('ACQ_DB_PHP_ARGS')
    . ' -d ' . escapeshellarg('acq_db.servers="' . ini_get('acq_db.servers') . '"')
    . ' -d ' . escapeshellarg('acq_db.election_file=' . ini_get('acq_db.election_file'))
    . ' -d error_log=/dev/null -r ' . escapeshellarg('acq_db_failover("db2", "from another process");');
exec($cmd, $out, $rc);
echo "child rc $rc\n";
$deadline = microtime(true) + 3;
while (acq_db_active()['host'] === '127.0.0.1' && microtime(true) < $deadline) {
    usleep(1000);
}
$s = acq_db_status();
echo acq_db_active()['host'], " epoch ", $s['epoch'], " via ", $s['last_read_reason'], ", ", $s['reason'], "\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/inotify.election'); @unlink(__DIR__ . '/inotify.log'); ?>
--EXPECT--
127.0.0.1
child rc 0
127.0.0.2 epoch 2 via inotify, switchover from db1: from another process
