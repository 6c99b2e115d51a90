--TEST--
Five processes calling acq_db_init() at once: exactly one creates the file, the others get ACQ_DB_E_EXISTS
--EXTENSIONS--
acq_db
--SKIPIF--
<?php
require __DIR__ . '/../acq_db.inc';
if (acq_test_php_command() === '') die('skip needs TEST_PHP_EXECUTABLE and TEST_PHP_EXTRA_ARGS (run-tests.php)');
?>
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_race.election
error_log={TMP}/acq_db_init_race.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$code = 'try { acq_db_init(); echo "created"; } catch (AcqDbException $e) { echo $e->getCode() === ACQ_DB_E_EXISTS ? "exists" : $e->getMessage(); }';
$procs = [];
for ($i = 0; $i < 5; $i++) {
    $procs[] = proc_open(acq_test_php_command() . ' -r ' . escapeshellarg($code), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i]);
}
$said = [];
foreach ($procs as $i => $p) {
    $said[] = stream_get_contents($pipes[$i][1]) . stream_get_contents($pipes[$i][2]);
    proc_close($p);
}
sort($said);
echo implode(' ', $said), "\n";
echo acq_db_status()['epoch'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_race');
?>
--EXPECT--
created exists exists exists exists
1
