--TEST--
INI: each rejected value other than acq_db.servers gets a startup warning naming the directive and the value, and the setting keeps its default
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
error_log={TMP}/acq_db_ini_startup_warnings.log
acq_db.election_file=election
acq_db.recheck_ms=-5
acq_db.lock_timeout_ms=5s
acq_db.connect_timeout_ms=600001
acq_db.failover_hold_ms=86400001
acq_db.alias=acq/db
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
foreach (['acq_db.recheck_ms', 'acq_db.lock_timeout_ms', 'acq_db.connect_timeout_ms', 'acq_db.failover_hold_ms', 'acq_db.election_file', 'acq_db.alias'] as $d) {
    echo $d, ' = ', json_encode(ini_get($d)), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_startup_warnings');
?>
--EXPECT--
Warning: PHP Startup: acq_db.election_file: must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory in Unknown on line 0

Warning: PHP Startup: acq_db.recheck_ms: '-5' is not a number of milliseconds from 0 to 3600000 in Unknown on line 0

Warning: PHP Startup: acq_db.lock_timeout_ms: '5s' is not a number of milliseconds from 0 to 600000 in Unknown on line 0

Warning: PHP Startup: acq_db.connect_timeout_ms: '600001' is not a number of milliseconds from 1 to 600000 in Unknown on line 0

Warning: PHP Startup: acq_db.failover_hold_ms: '86400001' is not a number of milliseconds from 0 to 86400000 in Unknown on line 0

Warning: PHP Startup: acq_db.alias: must be a host name (letters, digits, '.', '-', '_'), e.g. acq-db in Unknown on line 0
acq_db.recheck_ms = "100"
acq_db.lock_timeout_ms = "5000"
acq_db.connect_timeout_ms = "1000"
acq_db.failover_hold_ms = "60000"
acq_db.election_file = ""
acq_db.alias = ""
