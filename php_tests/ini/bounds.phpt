--TEST--
INI: the bounds themselves are accepted (recheck_ms=0, lock_timeout_ms=600000) and shown in the status
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_bounds.election
error_log={TMP}/acq_db_ini_bounds.log
acq_db.recheck_ms=0
acq_db.lock_timeout_ms=600000
acq_db.connect_timeout_ms=1
acq_db.failover_hold_ms=86400000
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$s = acq_db_status();
echo $s['recheck_ms'], ' ', $s['lock_timeout_ms'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_bounds');
?>
--EXPECT--
0 600000
