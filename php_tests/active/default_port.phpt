--TEST--
A member without a port (db1=db1.example) gives port 3306
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=db1.example,db2=db2.example:3307"
acq_db.election_file={TMP}/acq_db_active_default_port.election
error_log={TMP}/acq_db_active_default_port.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
var_dump(acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_default_port');
?>
--EXPECT--
array(2) {
  ["host"]=>
  string(11) "db1.example"
  ["port"]=>
  int(3306)
}
