--TEST--
acq_db_status(): every field with its type, before and after init
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/status_fields.election
error_log={PWD}/status_fields.log

--FILE--
<?php
$s = acq_db_status();
var_dump($s['ok'], $s['epoch'], $s['active']);
echo str_contains($s['last_error'], 'does not exist') ? "last_error names the missing file\n" : $s['last_error'];
acq_db_init('db2');
acq_db_failover('db1', 'test');
$s = acq_db_status();
foreach ($s as $k => $v) {
    echo $k, ': ', get_debug_type($v), "\n";
}
echo $s['epoch'], ' ', $s['active'], ' ', $s['host'], ':', $s['port'], ' ', $s['reason'], ' pid ', $s['changed_by_pid'] === getmypid() ? 'mine' : 'other', "\n";
echo json_encode(array_map(fn($x) => [$x['name'], $x['active'], $x['demoted']], $s['servers'])), "\n";
echo $s['changed_at'] > time() - 60 ? "recent\n" : "old\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/status_fields.election'); @unlink(__DIR__ . '/status_fields.log'); ?>
--EXPECT--
bool(false)
NULL
NULL
last_error names the missing file
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
last_read_reason: string
reads: int
inotify: bool
last_error: null
2 db1 127.0.0.1:3306 switchover from db2: test pid mine
[["db1",true,false],["db2",false,false],["db3",false,false]]
recent
