--TEST--
acq_db_init() without a name makes the first server of acq_db.servers active at epoch 1 and returns the status
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_default_first.election
error_log={TMP}/acq_db_init_default_first.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$s = acq_db_init();
var_dump($s['ok'], $s['epoch'], $s['active'], $s['reason'], $s['demoted']);
echo json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_default_first');
?>
--EXPECT--
bool(true)
int(1)
string(3) "db1"
string(11) "initialised"
array(0) {
}
{"host":"127.0.0.1","port":3306}
