--TEST--
phpinfo(): an acq_db section with the active server, the epoch and the last change, then the INI entries
--EXTENSIONS--
acq_db
--INI--
acq_db.first_read_timeout_ms=2000
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_info_phpinfo.election
error_log={TMP}/acq_db_info_phpinfo.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
acq_db_switchover('db2', 'test');

ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nacq_db\n");
$end = strpos($info, "\n\n", strpos($info, 'acq_db.servers =>'));
echo substr($info, $start + 1, $end - $start), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('info_phpinfo');
?>
--EXPECTF--
acq_db

acq_db support => enabled
Version => %s
Election file format => 1
Promotion => off (acq_db.admin_credentials is not set: an elected replica keeps its read_only)
Operator functions => on (acq_db_switchover(), acq_db_rejoin() and acq_db_init() may be called)
Active server => db2
Epoch => 2
Last change => switchover from db1: test
Demoted servers => none
Last read reason => %s
State age => %d ms
Reader => one per node (shared page)

Directive => Local Value => Master Value
acq_db.admin_credentials => no value => no value
acq_db.alias => no value => no value
acq_db.catchup_timeout_ms => 3000 => 3000
acq_db.connect_timeout_ms => 1000 => 1000
acq_db.election_file => %s/acq_db_info_phpinfo.election => %s/acq_db_info_phpinfo.election
acq_db.failover_hold_ms => 60000 => 60000
acq_db.first_read_timeout_ms => 2000 => 2000
acq_db.lock_timeout_ms => 5000 => 5000
acq_db.operator_functions => On => On
acq_db.recheck_ms => 50 => 50
acq_db.retry_reads => On => On
acq_db.routing => On => On
acq_db.servers => db1=127.0.0.1:3306,db2=127.0.0.2:3307 => db1=127.0.0.1:3306,db2=127.0.0.2:3307
acq_db.state_dir => %s => %s
