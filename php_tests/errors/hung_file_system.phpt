--TEST--
A hung file system (the election file made a FIFO: open() blocks in the kernel like a frozen GlusterFS brick): requests keep the last state, a switchover ends with ACQ_DB_E_FS_TIMEOUT, and a new process, whose node page is no longer current, fails closed after first_read_timeout_ms like one without node sharing
--EXTENSIONS--
acq_db
posix
--SKIPIF--
<?php
require __DIR__ . '/../acq_db.inc';
if (acq_test_php_command() === '') die('skip needs TEST_PHP_EXECUTABLE and TEST_PHP_EXTRA_ARGS (run-tests.php)');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_hung_file_system.election
error_log={TMP}/acq_db_errors_hung_file_system.log
acq_db.lock_timeout_ms=300
acq_db.first_read_timeout_ms=300
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2'));
echo json_encode(acq_db_active()), "\n";
$file = acq_test_efile();
posix_mkfifo("$file.fifo", 0644);
rename("$file.fifo", $file);
/* the poller gets stuck in open(): the state stops getting fresher (it reads every 100 ms) */
$end = microtime(true) + 5;
while ((acq_db_status()['state_age_ms'] ?? 0) < 1500 && microtime(true) < $end) {
    usleep(1000);
}
echo 'state age >= 1500 ms: ', json_encode(acq_db_status()['state_age_ms'] >= 1500), "\n";
for ($i = 0; $i < 1000; $i++) {
    $a = acq_db_active();
}
echo 'after 1000 calls: ', json_encode($a), "\n";
acq_test_throws(fn() => acq_db_switchover('db3'));
$child = 'try { echo json_encode(acq_db_active()); } catch (AcqDbException $e) { echo $e->getCode() === ACQ_DB_E_FS_TIMEOUT ? "FS_TIMEOUT: " : "other: ", $e->getMessage(); }';
[$rc, $out] = acq_test_child($child, ['error_log' => '/dev/null']);
echo "new process on this node (its reader is stuck, the page not current): $out\n";
[$rc, $out] = acq_test_child($child, ['error_log' => '/dev/null', 'acq_db.state_dir' => '']);
echo "new process without node sharing: $out\n";
/* let the stuck readers go: opening the other end releases every open()
 * blocked on the FIFO; a regular file replaces the FIFO before the writer
 * closes, so no reader's next open() can block on it again (a helper process
 * stuck there would outlive the test, waiting for a writer that never comes) */
$w = fopen($file, 'w');
acq_test_put(acq_test_file(4, 'db2'), false);
fwrite($w, acq_test_file(4, 'db2'));
fclose($w);
unlink($file);
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_hung_file_system');
?>
--EXPECTF--
{"host":"127.0.0.2","port":3307}
state age >= 1500 ms: true
after 1000 calls: {"host":"127.0.0.2","port":3307}
AcqDbException ACQ_DB_E_FS_TIMEOUT: the shared file system of %s/acq_db_errors_hung_file_system.election did not answer within acq_db.lock_timeout_ms=300 while taking the lock; nothing was decided here and no connection was made to a server whose election is not recorded
new process on this node (its reader is stuck, the page not current): FS_TIMEOUT: no election state yet: no read of %s/acq_db_errors_hung_file_system.election finished within acq_db.first_read_timeout_ms=300 (a hung or unreachable volume, or a node too overloaded to read it); no connection will be made to a guessed server
new process without node sharing: FS_TIMEOUT: no election state yet: no read of %s/acq_db_errors_hung_file_system.election finished within acq_db.first_read_timeout_ms=300 (a hung or unreachable volume, or a node too overloaded to read it); no connection will be made to a guessed server
