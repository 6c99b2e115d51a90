--TEST--
acq_db_init() does not overwrite a damaged file either (it must be moved aside by hand)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_exists_damaged.election
error_log={TMP}/acq_db_init_exists_damaged.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_damaged('checksum'));
$before = file_get_contents(acq_test_efile());
acq_test_throws(fn() => acq_db_init('db1'));
var_dump($before === file_get_contents(acq_test_efile()));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_exists_damaged');
?>
--EXPECTF--
AcqDbException ACQ_DB_E_EXISTS: election file %s/acq_db_init_exists_damaged.election already exists (corrupt); refusing to overwrite it: use acq_db_switchover() to change the active server, or remove the file by hand if you really mean to start over
bool(true)
