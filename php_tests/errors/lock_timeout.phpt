--TEST--
Another process holds the lock past acq_db.lock_timeout_ms: ACQ_DB_E_LOCK_TIMEOUT names the lock file, the timeout and the holder's pid; nothing written
--EXTENSIONS--
acq_db
ffi
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !function_exists('pcntl_fork')) die('skip Linux with pcntl only');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_lock_timeout.election
error_log={TMP}/acq_db_errors_lock_timeout.log
acq_db.lock_timeout_ms=300
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
$before = file_get_contents(acq_test_efile());
$holder = acq_test_hold_lock(acq_test_efile() . '.lock');
$t = microtime(true);
try {
    acq_db_switchover('db2');
    echo "no exception\n";
} catch (AcqDbException $e) {
    echo acq_test_code($e), ': ', str_replace(" $holder[0])", ' HOLDER)', $e->getMessage()), "\n";
}
$took = microtime(true) - $t;
echo $took >= 0.25 && $took < 3 ? "waited about lock_timeout_ms\n" : "waited $took s\n";
acq_test_release_lock($holder);
var_dump($before === file_get_contents(acq_test_efile()));
echo acq_db_switchover('db2')['active'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_lock_timeout');
?>
--EXPECTF--
ACQ_DB_E_LOCK_TIMEOUT: could not lock %s/acq_db_errors_lock_timeout.election.lock within acq_db.lock_timeout_ms=300 (held by pid HOLDER); nothing was written
waited about lock_timeout_ms
bool(true)
db2
