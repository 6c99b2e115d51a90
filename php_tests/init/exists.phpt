--TEST--
A second acq_db_init() is refused (AcqDbException ACQ_DB_E_EXISTS) and leaves the file byte for byte as it was
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_exists.election
error_log={TMP}/acq_db_init_exists.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db2');
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_init('db1'));
var_dump($before === file_get_contents(acq_test_efile()));
echo json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_exists');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_EXISTS: election file %s/acq_db_init_exists.election already exists (valid); refusing to overwrite it: use acq_db_switchover() to change the active server, or remove the file by hand if you really mean to start over
bool(true)
{"host":"127.0.0.2","port":3307}
