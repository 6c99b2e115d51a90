--TEST--
A unix socket member (db1=unix:/tmp/x.sock) gives host localhost, the default port and unix_socket
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=unix:/tmp/x.sock,db2=127.0.0.2"
acq_db.election_file={TMP}/acq_db_active_unix_socket.election
error_log={TMP}/acq_db_active_unix_socket.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
var_dump(acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_unix_socket');
?>
--EXPECT--
array(3) {
  ["host"]=>
  string(9) "localhost"
  ["port"]=>
  int(3306)
  ["unix_socket"]=>
  string(11) "/tmp/x.sock"
}
