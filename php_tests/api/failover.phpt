--TEST--
acq_db_failover(): named, next eligible, to the active one, unknown, before init, reason recorded
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/failover.election
error_log={PWD}/failover.log

--FILE--
<?php
try { acq_db_failover('db2'); } catch (AcqDbException $e) { echo "before init: ", $e->getCode() === ACQ_DB_E_MISSING ? 'ACQ_DB_E_MISSING' : '?', "\n"; }
acq_db_init();
echo acq_db_failover(null, 'next please')['active'], "\n";
echo acq_db_failover('db1', 'back')['reason'], "\n";
try { acq_db_failover('db1'); } catch (AcqDbException $e) { echo $e->getMessage(), "\n"; }
try { acq_db_failover('nope'); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
try { acq_db_failover([]); } catch (TypeError $e) { echo get_class($e), "\n"; }
echo acq_db_status()['epoch'], "\n";
echo str_contains(file_get_contents(ini_get('acq_db.election_file')), 'reason: switchover from db2: back') ? "in the file\n" : "?\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/failover.election'); @unlink(__DIR__ . '/failover.log'); ?>
--EXPECT--
before init: ACQ_DB_E_MISSING
db2
switchover from db2: back
'db1' is already the active server (epoch 3)
acq_db_failover(): Argument #1 ($to) must be a server named in acq_db.servers, 'nope' is not
TypeError
3
in the file
