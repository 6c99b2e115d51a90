--TEST--
INI: acq_db.state_dir=shm (relative) is refused at startup naming the directive; acq_db fails closed: "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_state_dir_relative.election
error_log={TMP}/acq_db_ini_state_dir_relative.log
acq_db.state_dir=shm
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_state_dir_relative');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.state_dir: must be an absolute path to a node-local directory (e.g. /dev/shm), or empty to turn node sharing off in Unknown on line 0
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.state_dir: must be an absolute path to a node-local directory (e.g. /dev/shm), or empty to turn node sharing off%S
