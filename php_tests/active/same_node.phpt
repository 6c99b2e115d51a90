--TEST--
A change made by another process on this node reaches this one through the node's shared page: one process of the node (this one, the first) reads the file for all
--EXTENSIONS--
acq_db
--SKIPIF--
<?php
require __DIR__ . '/../acq_db.inc';
if (acq_test_php_command() === '') die('skip needs TEST_PHP_EXECUTABLE and TEST_PHP_EXTRA_ARGS (run-tests.php)');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_same_node.election
error_log={TMP}/acq_db_active_same_node.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
echo json_encode(acq_db_active()), "\n";
$p = acq_db_status()['poller'];
echo "reader: mode {$p['mode']}, this process leads: ", json_encode($p['leader']), ", pid ", $p['pid'] === getmypid() ? 'this one' : 'another', "\n";
[$rc, $out] = acq_test_child('acq_db_switchover("db2", "from another process");', ['error_log' => '/dev/null']);
echo "child: rc $rc $out\n";
$deadline = microtime(true) + 3;
while (acq_db_active()['host'] === '127.0.0.1' && microtime(true) < $deadline) {
    usleep(1000);
}
$s = acq_db_status();
echo json_encode(acq_db_active()), ", epoch ", $s['epoch'], ", read via ", $s['last_read_reason'], ", ", $s['reason'], ", by pid ", $s['changed_by_pid'] === getmypid() ? 'this one' : 'another', "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_same_node');
?>
--EXPECT--
{"host":"127.0.0.1","port":3306}
reader: mode node, this process leads: true, pid this one
child: rc 0 
{"host":"127.0.0.2","port":3307}, epoch 2, read via published, switchover from db1: from another process, by pid another
