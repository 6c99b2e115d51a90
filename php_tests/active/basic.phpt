--TEST--
acq_db_active() after acq_db_init() returns exactly host and port of the first server
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_basic.election
error_log={TMP}/acq_db_active_basic.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
var_dump(acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_basic');
?>
--EXPECT--
array(2) {
  ["host"]=>
  string(9) "127.0.0.1"
  ["port"]=>
  int(3306)
}
