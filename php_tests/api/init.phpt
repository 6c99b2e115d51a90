--TEST--
acq_db_init(): named server, refuses to overwrite (file unchanged), unknown names, epoch continues after a damaged file is moved aside
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/init.election
error_log={PWD}/init.log

--FILE--
<?php
$file = ini_get('acq_db.election_file');
try { acq_db_init('db9'); } catch (ValueError $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
var_dump(file_exists($file));
$s = acq_db_init('db2');
echo $s['epoch'], ' ', $s['active'], "\n";
echo str_contains(file_get_contents($file), "active: db2\nchanged_at") ? "human-readable\n" : "?\n";
$before = file_get_contents($file);
try { acq_db_init(); } catch (AcqDbException $e) { echo $e->getCode() === ACQ_DB_E_EXISTS ? 'ACQ_DB_E_EXISTS' : '?', ": ", $e->getMessage(), "\n"; }
var_dump($before === file_get_contents($file));
acq_db_failover('db3');
rename($file, "$file.damaged");
echo acq_db_init('db3')['epoch'], "\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/init.election'); @unlink(__DIR__ . '/init.log'); ?>
--EXPECTF--
ValueError: acq_db_init(): Argument #1 ($active) must be a server named in acq_db.servers, 'db9' is not
bool(false)
1 db2
human-readable
ACQ_DB_E_EXISTS: election file %s/init.election already exists (valid); refusing to overwrite it: use acq_db_failover() to change the active server, or remove the file by hand if you really mean to start over
bool(true)
3
