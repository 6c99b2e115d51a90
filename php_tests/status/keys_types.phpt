--TEST--
acq_db_status() after acq_db_init(): every key, in order, with its type
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_status_keys_types.election
error_log={TMP}/acq_db_status_keys_types.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
acq_test_wait_read();
foreach (acq_db_status() as $k => $v) {
    echo $k, ': ', get_debug_type($v), "\n";
}
foreach (acq_db_status()['poller'] as $k => $v) {
    echo "poller.$k: ", get_debug_type($v), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_keys_types');
?>
--EXPECT--
ok: bool
epoch: int
active: string
host: string
port: int
changed_at: float
changed_by: string
changed_by_pid: int
reason: string
demoted: array
servers: array
election_file: string
recheck_ms: int
lock_timeout_ms: int
last_read_at: float
state_age_ms: int
poller: array
last_read_reason: string
reads: int
last_error: null
promotion: bool
catchup_timeout_ms: int
statements: array
isolated: null
settings: array
poller.mode: string
poller.leader: bool
poller.page: string
poller.pid: int
poller.reads: int
