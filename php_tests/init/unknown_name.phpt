--TEST--
acq_db_init() with a name not in acq_db.servers: ValueError, nothing created
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_unknown_name.election
error_log={TMP}/acq_db_init_unknown_name.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_throws(fn() => acq_db_init('db9'));
acq_test_throws(fn() => acq_db_init(''));
var_dump(file_exists(acq_test_efile()), file_exists(acq_test_efile() . '.lock'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_unknown_name');
?>
--EXPECT--
ValueError: acq_db_init(): Argument #1 ($active) must be a server named in acq_db.servers, 'db9' is not
ValueError: acq_db_init(): Argument #1 ($active) must be a server named in acq_db.servers, '' is not
bool(false)
bool(false)
