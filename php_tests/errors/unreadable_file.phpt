--TEST--
An election file the PHP user cannot read: fails closed with ACQ_DB_E_PERM and says to give read access
--EXTENSIONS--
acq_db
posix
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip needs pcntl');
if (function_exists('posix_geteuid') && posix_geteuid() === 0 && !posix_getpwnam('nobody')) die('skip root without a user nobody');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_unreadable_file.election
error_log={TMP}/acq_db_errors_unreadable_file.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(1, 'db1'), false); /* this process must not have read it */
chmod(acq_test_efile(), 0600);
acq_test_unprivileged(function () {
    acq_test_throws(fn() => acq_db_active());
});
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_unreadable_file');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_PERM: cannot read election file %s/acq_db_errors_unreadable_file.election: Permission denied; give the PHP user read access to the file and its directory
