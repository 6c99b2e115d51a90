--TEST--
A lock file that cannot be opened (a directory): the write is refused with a message naming the lock file, nothing written
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_lock_is_directory.election
error_log={TMP}/acq_db_errors_lock_is_directory.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
mkdir(acq_test_efile() . '.lock');
acq_test_throws(fn() => acq_db_init());
var_dump(file_exists(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_lock_is_directory');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_IO: cannot open lock file %s/acq_db_errors_lock_is_directory.election.lock: Is a directory (it must be a file: remove the directory of that name)
bool(false)
