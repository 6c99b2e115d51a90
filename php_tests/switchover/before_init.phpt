--TEST--
acq_db_switchover() without an election file: AcqDbException ACQ_DB_E_MISSING, no election file created
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_before_init.election
error_log={TMP}/acq_db_switchover_before_init.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_switchover('db2'));
var_dump(file_exists(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_before_init');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_MISSING: election file %s/acq_db_switchover_before_init.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S
bool(false)
