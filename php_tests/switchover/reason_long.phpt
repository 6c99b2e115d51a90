--TEST--
A reason longer than the file allows is cut to 255 bytes; the file stays valid
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_reason_long.election
error_log={TMP}/acq_db_switchover_reason_long.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
$r = acq_db_switchover('db2', str_repeat('x', 1000))['reason'];
echo strlen($r), ' ', substr($r, 0, 24), "\n";
var_dump(acq_test_checksum_ok(file_get_contents(acq_test_efile())));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_reason_long');
?>
--EXPECT--
255 switchover from db1: xxx
bool(true)
