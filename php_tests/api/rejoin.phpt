--TEST--
acq_db_rejoin(): a demoted server becomes eligible at a new epoch; errors for unknown and missing names
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/rejoin.election
error_log={PWD}/rejoin.log

--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
file_put_contents(ini_get('acq_db.election_file'), acq_test_file(4, 'db2', 'db1 db3'));
$s = acq_db_rejoin('db1');
echo $s['epoch'], ' ', implode(',', $s['demoted']), ' ', $s['reason'], "\n";
echo acq_db_rejoin('db1')['epoch'], "\n";
try { acq_db_rejoin('db7'); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
try { acq_db_rejoin(); } catch (ArgumentCountError $e) { echo get_class($e), "\n"; }
try { acq_db_active(1); } catch (ArgumentCountError $e) { echo $e->getMessage(), "\n"; }
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/rejoin.election'); @unlink(__DIR__ . '/rejoin.log'); ?>
--EXPECT--
5 db3 rejoin: db1 declared healthy by an operator
5
acq_db_rejoin(): Argument #1 ($name) must be a server named in acq_db.servers, 'db7' is not
ArgumentCountError
acq_db_active() expects exactly 0 arguments, 1 given
