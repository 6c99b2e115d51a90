--TEST--
INI: every acq_db setting is PHP_INI_SYSTEM: ini_set() fails and changes nothing
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_runtime.election
error_log={TMP}/acq_db_ini_runtime.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
foreach (['acq_db.servers' => 'db1=10.9.9.9', 'acq_db.election_file' => '/tmp/other', 'acq_db.recheck_ms' => '5',
    'acq_db.lock_timeout_ms' => '5', 'acq_db.connect_timeout_ms' => '5', 'acq_db.failover_hold_ms' => '5',
    'acq_db.alias' => 'other', 'acq_db.routing' => '0', 'acq_db.operator_functions' => '0'] as $k => $v) {
    $old = ini_get($k);
    echo $k, ': ', json_encode(ini_set($k, $v)), ', unchanged: ', json_encode(ini_get($k) === $old), "\n";
}
acq_db_init();
echo json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_runtime');
?>
--EXPECT--
acq_db.servers: false, unchanged: true
acq_db.election_file: false, unchanged: true
acq_db.recheck_ms: false, unchanged: true
acq_db.lock_timeout_ms: false, unchanged: true
acq_db.connect_timeout_ms: false, unchanged: true
acq_db.failover_hold_ms: false, unchanged: true
acq_db.alias: false, unchanged: true
acq_db.routing: false, unchanged: true
acq_db.operator_functions: false, unchanged: true
{"host":"127.0.0.1","port":3306}
