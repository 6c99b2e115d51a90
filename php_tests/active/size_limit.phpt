--TEST--
An election file of exactly 4096 bytes, the limit (padded with comment lines), is accepted
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_size_limit.election
error_log={TMP}/acq_db_active_size_limit.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_oversized(4096, 3, 'db2'));
echo strlen(file_get_contents(acq_test_efile())), ' bytes: ', json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_size_limit');
?>
--EXPECT--
4096 bytes: {"host":"127.0.0.2","port":3307}
