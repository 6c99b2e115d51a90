--TEST--
A writable lock file in a read-only directory: the new file cannot be created next to it (ACQ_DB_E_PERM), the old one stays
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
error_log={TMP}/acq_db_errors_readonly_directory_lock_ok.log
acq_db.election_file={TMP}/acq_db_errors_readonly_directory_lock_ok.d/election
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$dir = sys_get_temp_dir() . '/acq_db_errors_readonly_directory_lock_ok.d';
mkdir($dir, 0755);
acq_test_put(acq_test_file(1, 'db1'));
touch(acq_test_efile() . '.lock');
chmod(acq_test_efile() . '.lock', 0666);
chmod($dir, 0555);
$before = file_get_contents(acq_test_efile());
acq_test_unprivileged(function () {
    acq_test_throws(fn() => acq_db_switchover('db2'));
});
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_readonly_directory_lock_ok');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_PERM: cannot create %s/acq_db_errors_readonly_directory_lock_ok.d/election.tmp.%d.%x: Permission denied (the PHP user needs write access to the election file's directory)
bool(true)
