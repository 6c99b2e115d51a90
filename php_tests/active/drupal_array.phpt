--TEST--
acq_db_active() + [database, driver, ...] is a complete Drupal connection array (nothing of the caller's is overwritten)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_drupal_array.election
error_log={TMP}/acq_db_active_drupal_array.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db2');
$databases['default']['default'] = acq_db_active() + [
    'database' => 'drupal',
    'username' => 'drupal',
    'password' => 'secret',
    'driver' => 'mysql',
];
var_dump($databases['default']['default']);
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_drupal_array');
?>
--EXPECT--
array(6) {
  ["host"]=>
  string(9) "127.0.0.2"
  ["port"]=>
  int(3307)
  ["database"]=>
  string(6) "drupal"
  ["username"]=>
  string(6) "drupal"
  ["password"]=>
  string(6) "secret"
  ["driver"]=>
  string(5) "mysql"
}
