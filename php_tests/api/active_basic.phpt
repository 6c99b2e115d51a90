--TEST--
acq_db_active() returns exactly host and port, usable as a Drupal connection array
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/active_basic.election
error_log={PWD}/active_basic.log

--FILE--
<?php
acq_db_init();
var_dump(acq_db_active());
var_dump(acq_db_active() === acq_db_active());
$db = acq_db_active() + ['database' => 'drupal', 'username' => 'u', 'password' => 'p', 'driver' => 'mysql'];
echo implode(',', array_keys($db)), "\n";
acq_db_failover('db3');
var_dump(acq_db_active());
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/active_basic.election'); @unlink(__DIR__ . '/active_basic.log'); ?>
--EXPECT--
array(2) {
  ["host"]=>
  string(9) "127.0.0.1"
  ["port"]=>
  int(3306)
}
bool(true)
host,port,database,username,password,driver
array(2) {
  ["host"]=>
  string(3) "::1"
  ["port"]=>
  int(3308)
}
