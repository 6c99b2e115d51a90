--TEST--
A directory the PHP user cannot write: acq_db_init() fails with ACQ_DB_E_PERM naming the lock file and the access needed
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
error_log={TMP}/acq_db_errors_readonly_directory.log
acq_db.election_file={TMP}/acq_db_errors_readonly_directory.d/election
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$dir = sys_get_temp_dir() . '/acq_db_errors_readonly_directory.d';
mkdir($dir, 0555);
chmod($dir, 0555);
acq_test_unprivileged(function () {
    acq_test_throws(fn() => acq_db_init());
});
var_dump(scandir($dir));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_readonly_directory');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_PERM: cannot open lock file %s/acq_db_errors_readonly_directory.d/election.lock: Permission denied (the PHP user needs read-write access to it and to its directory)
array(2) {
  [0]=>
  string(1) "."
  [1]=>
  string(2) ".."
}
