--TEST--
acq_db_status()['settings']: every directive of the table of settings with the value in force, numbers as int and switches as bool; the credentials file's path, never its contents
--EXTENSIONS--
acq_db
--INI--
acq_db.first_read_timeout_ms=2000
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_status_settings.election
error_log={TMP}/acq_db_status_settings.log
acq_db.recheck_ms=0
acq_db.state_dir=
acq_db.alias=acq-db
acq_db.routing=Off
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
foreach (acq_db_status()['settings'] as $k => $v) {
    if ($k === 'acq_db.election_file') {
        $v = basename($v);
    }
    echo $k, ' = ', json_encode($v), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_settings');
?>
--EXPECT--
acq_db.servers = "db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file = "acq_db_status_settings.election"
acq_db.recheck_ms = 0
acq_db.state_dir = ""
acq_db.first_read_timeout_ms = 2000
acq_db.lock_timeout_ms = 5000
acq_db.connect_timeout_ms = 1000
acq_db.failover_hold_ms = 60000
acq_db.alias = "acq-db"
acq_db.admin_credentials = ""
acq_db.catchup_timeout_ms = 3000
acq_db.routing = false
acq_db.operator_functions = true
acq_db.retry_reads = true
