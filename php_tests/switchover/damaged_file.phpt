--TEST--
acq_db_switchover() over a corrupt file is refused (an operator action never writes over a file it cannot read)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_damaged_file.election
error_log={TMP}/acq_db_switchover_damaged_file.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(2, 'db1'));
acq_db_active();
acq_test_put(acq_test_damaged('checksum'));
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_switchover('db2'));
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_damaged_file');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_CORRUPT: election file %s/acq_db_switchover_damaged_file.election is unusable: checksum mismatch (file says %x, content gives %x): edited by hand or torn write
bool(true)
