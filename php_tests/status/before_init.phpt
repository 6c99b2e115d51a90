--TEST--
acq_db_status() without an election file does not throw: ok false, state null, last_error names the missing file
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_status_before_init.election
error_log={TMP}/acq_db_status_before_init.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$s = acq_db_status();
foreach (['ok', 'epoch', 'active', 'host', 'port', 'changed_at', 'changed_by', 'changed_by_pid', 'reason', 'demoted', 'last_read_at', 'last_read_reason', 'reads'] as $k) {
    echo $k, ': ', json_encode($s[$k]), "\n";
}
echo 'servers: ', json_encode(array_map(fn($x) => [$x['name'], $x['active'], $x['demoted']], $s['servers'])), "\n";
echo 'last_error: ', $s['last_error'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_before_init');
?>
--EXPECTF--
ok: false
epoch: null
active: null
host: null
port: null
changed_at: null
changed_by: null
changed_by_pid: null
reason: null
demoted: []
last_read_at: null
last_read_reason: "none"
reads: 0
servers: [["db1",false,false],["db2",false,false],["db3",false,false]]
last_error: election file %s/acq_db_status_before_init.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S
