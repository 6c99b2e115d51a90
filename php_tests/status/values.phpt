--TEST--
acq_db_status() after acq_db_init('db2') and a first acq_db_active(): the values (who, when, why, configuration, this process's reads)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_status_values.election
error_log={TMP}/acq_db_status_values.log
acq_db.recheck_ms=250
acq_db.lock_timeout_ms=1500
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$before = microtime(true);
acq_db_init('db2');
acq_test_wait_read();
acq_db_active();
$s = acq_db_status();
var_dump($s['ok'], $s['epoch'], $s['active'], $s['host'], $s['port'], $s['reason'], $s['demoted'],
    $s['election_file'] === acq_test_efile(), $s['recheck_ms'], $s['lock_timeout_ms'],
    $s['last_read_reason'], $s['reads'], $s['poller']['mode'], $s['last_error']);
echo 'changed_by is this host: ', json_encode($s['changed_by'] === gethostname()), "\n";
echo 'changed_by_pid is this process: ', json_encode($s['changed_by_pid'] === getmypid()), "\n";
echo 'changed_at is now: ', json_encode($s['changed_at'] >= floor($before * 1000) / 1000 && $s['changed_at'] <= microtime(true)), "\n";
echo 'last_read_at is now: ', json_encode($s['last_read_at'] >= floor($before * 1000) / 1000 && $s['last_read_at'] <= microtime(true)), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_values');
?>
--EXPECT--
bool(true)
int(1)
string(3) "db2"
string(9) "127.0.0.2"
int(3307)
string(11) "initialised"
array(0) {
}
bool(true)
int(250)
int(1500)
string(8) "election"
int(1)
string(4) "node"
NULL
changed_by is this host: true
changed_by_pid is this process: true
changed_at is now: true
last_read_at is now: true
