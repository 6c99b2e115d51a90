--TEST--
acq_db_init('db3') makes the named server active
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_named.election
error_log={TMP}/acq_db_init_named.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$s = acq_db_init('db3');
echo $s['epoch'], ' ', $s['active'], ' ', json_encode(acq_db_active()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_named');
?>
--EXPECT--
1 db3 {"host":"::1","port":3308}
