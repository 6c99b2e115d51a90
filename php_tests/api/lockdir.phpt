--TEST--
A lock file that cannot be opened: the write is refused with a message naming it, nothing is written
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/lockdir.election
error_log={PWD}/lockdir.log

--FILE--
<?php
$file = ini_get('acq_db.election_file');
mkdir("$file.lock");
try { acq_db_init(); } catch (AcqDbException $e) { echo $e->getCode() === ACQ_DB_E_IO ? 'ACQ_DB_E_IO' : $e->getCode(), ": ", $e->getMessage(), "\n"; }
var_dump(file_exists($file));
rmdir("$file.lock");
$nodir = __DIR__ . '/no/such/dir/election';
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/lockdir.election'); @unlink(__DIR__ . '/lockdir.log'); ?>
--EXPECTF--
ACQ_DB_E_IO: cannot open lock file %s/lockdir.election.lock: Is a directory (the PHP user needs read-write access to it and to its directory)
bool(false)
