--TEST--
acq_db_rejoin() of a server that is not demoted changes nothing (same epoch, file untouched)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_not_demoted.election
error_log={TMP}/acq_db_rejoin_not_demoted.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2', ['db3']));
$before = file_get_contents(acq_test_efile());
$s = acq_db_rejoin('db1');
echo $s['epoch'], ' ', json_encode($s['demoted']), "\n";
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_not_demoted');
?>
--EXPECT--
4 ["db3"]
bool(true)
