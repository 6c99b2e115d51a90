--TEST--
acq_db_switchover() at the largest epoch (2^64-1) is refused and writes nothing, rather than wrapping to epoch 0, which every reader rejects
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_epoch_wrap.election
error_log={TMP}/acq_db_switchover_epoch_wrap.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_sign(str_replace('epoch: 1', 'epoch: 18446744073709551615', acq_test_body(1, 'db1'))));
$before = file_get_contents(acq_test_efile());
try {
    acq_db_switchover('db2');
    echo "written\n";
} catch (AcqDbException $e) {
    echo "refused\n";
}
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_epoch_wrap');
?>
--EXPECT--
refused
bool(true)
