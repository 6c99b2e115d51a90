--TEST--
An election file in a directory that does not exist: readers are told to mount the volume, writers that the lock file cannot be opened
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
error_log={TMP}/acq_db_errors_no_such_directory.log
acq_db.election_file={TMP}/acq_db_errors_no_such_directory.d/election
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_no_such_directory');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_MISSING: election file %s/acq_db_errors_no_such_directory.d/election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S
AcqDbException ACQ_DB_E_IO: cannot open lock file %s/acq_db_errors_no_such_directory.d/election.lock: No such file or directory (its directory does not exist: is the shared file system mounted?)
