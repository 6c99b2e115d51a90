--TEST--
After fork() parent and child each follow a later change: the poller thread does not survive fork(), so the child starts one of its own
--EXTENSIONS--
acq_db
--SKIPIF--
<?php
require __DIR__ . '/../acq_db.inc';
if (!function_exists('pcntl_fork')) die('skip needs pcntl');
if (acq_test_php_command() === '') die('skip needs TEST_PHP_EXECUTABLE and TEST_PHP_EXTRA_ARGS (run-tests.php)');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_fork.election
error_log={TMP}/acq_db_active_fork.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
acq_db_active();
[$mine, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$poll = function (): string {
    $deadline = microtime(true) + 3;
    while (acq_db_active()['host'] === '127.0.0.1' && microtime(true) < $deadline) {
        usleep(1000);
    }
    return json_encode(acq_db_active()) . ' via ' . acq_db_status()['last_read_reason'];
};
$pid = pcntl_fork();
if ($pid === 0) {
    fclose($mine);
    acq_db_active();
    fwrite($theirs, "ready\n");
    fgets($theirs);
    echo 'child: ', $poll(), "\n";
    exit(0);
}
fclose($theirs);
fgets($mine);
[$rc, $said] = acq_test_child('acq_db_switchover("db2");', ['error_log' => '/dev/null']);
echo $rc === 0 ? '' : "third process failed: $said\n";
fwrite($mine, "go\n");
pcntl_waitpid($pid, $status);
echo 'parent: ', $poll(), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_fork');
?>
--EXPECT--
child: {"host":"127.0.0.2","port":3307} via published
parent: {"host":"127.0.0.2","port":3307} via published
