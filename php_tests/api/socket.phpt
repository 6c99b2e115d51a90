--TEST--
A unix socket member gives host localhost and unix_socket
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/socket.election
error_log={PWD}/socket.log
acq_db.servers="db1=unix:/run/mysqld/db1.sock,db2=127.0.0.2"
--FILE--
<?php
acq_db_init();
var_dump(acq_db_active());
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/socket.election'); @unlink(__DIR__ . '/socket.log'); ?>
--EXPECT--
array(3) {
  ["host"]=>
  string(9) "localhost"
  ["port"]=>
  int(3306)
  ["unix_socket"]=>
  string(20) "/run/mysqld/db1.sock"
}
