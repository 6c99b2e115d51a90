--TEST--
A kept value gives way to the next good file: error cleared, new server used, and a later damage warns again
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_recovers.election
error_log={TMP}/acq_db_active_recovers.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(1, 'db1'));
acq_db_active();
acq_test_put(acq_test_damaged('empty'));
acq_db_active();
acq_test_put(acq_test_file(8, 'db3'));
$s = acq_db_status();
echo json_encode(acq_db_active()), ' ok ', json_encode($s['ok']), ' epoch ', $s['epoch'], ' last_error ', json_encode($s['last_error']), "\n";
acq_test_put(acq_test_damaged('empty'));
acq_db_active();
echo count(acq_test_log_lines()), " warnings\n";
foreach (acq_test_log_lines() as $l) {
    echo substr($l, strpos($l, 'acq_db: '), strpos($l, ' from ') - strpos($l, 'acq_db: ')), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_recovers');
?>
--EXPECT--
{"host":"::1","port":3308} ok true epoch 8 last_error null
2 warnings
acq_db: keeping active server db1 (epoch 1)
acq_db: keeping active server db3 (epoch 8)
