--TEST--
After a good read, a valid file whose epoch went backwards (a restored copy) is refused: old server kept, status error, one warning
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_epoch_backwards.election
error_log={TMP}/acq_db_active_epoch_backwards.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(5, 'db2', ['db1']));
echo json_encode(acq_db_active()), "\n";
acq_test_put(acq_test_file(3, 'db1'));
echo json_encode(acq_db_active()), "\n";
echo json_encode(acq_db_active()), "\n";
$s = acq_db_status();
echo "ok ", json_encode($s['ok']), ", epoch ", $s['epoch'], ", active ", $s['active'], "\n", $s['last_error'], "\n";
echo implode("\n", array_map(fn($l) => substr($l, strpos($l, 'acq_db: ')), acq_test_log_lines())), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_epoch_backwards');
?>
--EXPECTF--
{"host":"127.0.0.2","port":3307}
{"host":"127.0.0.2","port":3307}
{"host":"127.0.0.2","port":3307}
ok false, epoch 5, active db2
election file %s/acq_db_active_epoch_backwards.election went back from epoch 5 to 3 within incarnation 7e57c0ffee000001 (restored from a backup?); switch over with acq_db_switchover() to write a newer epoch, or re-create the file with acq-db-admin init, which starts a new incarnation
acq_db: keeping active server db2 (epoch 5) from an earlier good read: election file %s/acq_db_active_epoch_backwards.election went back from epoch 5 to 3 within incarnation 7e57c0ffee000001 (restored from a backup?); switch over with acq_db_switchover() to write a newer epoch, or re-create the file with acq-db-admin init, which starts a new incarnation
