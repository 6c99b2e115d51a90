--TEST--
A forged epoch 9223372036854775807 (more than 1000 above the last one seen) is refused as damaged or forged, by the reader and by a switchover under the lock, so it cannot leave elections without an epoch to write
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_forged_epoch_refused.election
error_log={TMP}/acq_db_active_forged_epoch_refused.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(5, 'db2', ['db1']));
echo json_encode(acq_db_active()), "\n";
acq_test_put(acq_test_file(PHP_INT_MAX, 'db1'));
echo json_encode(acq_db_active()), "\n";
$s = acq_db_status();
echo 'status: ok ', json_encode($s['ok']), ', epoch ', $s['epoch'], "\n", $s['last_error'], "\n";
acq_test_throws(fn() => acq_db_switchover('db3'));
echo json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_forged_epoch_refused');
?>
--EXPECTF--
{"host":"127.0.0.2","port":3307}
{"host":"127.0.0.2","port":3307}
status: ok false, epoch 5
election file %s/acq_db_active_forged_epoch_refused.election jumps from epoch 5 to 9223372036854775807, more than 1000 at once: damaged or forged, so it is refused (a forged epoch near the limit would block every later election). To repair: move the file aside (mv FILE FILE.damaged) and run acq-db-admin init NAME with the server that really is the master
AcqDbException ACQ_DB_E_CORRUPT: %Sjumps from epoch 5 to 9223372036854775807%s
{"host":"127.0.0.2","port":3307}
