--TEST--
An IPv6 member ([::1]:3308, [2001:db8::5]) gives the bare address as host, without brackets
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=[::1]:3308,db2=[2001:db8::5]"
acq_db.election_file={TMP}/acq_db_active_ipv6.election
error_log={TMP}/acq_db_active_ipv6.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
var_dump(acq_db_active());
acq_db_switchover('db2');
var_dump(acq_db_active());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_ipv6');
?>
--EXPECT--
array(2) {
  ["host"]=>
  string(3) "::1"
  ["port"]=>
  int(3308)
}
array(2) {
  ["host"]=>
  string(11) "2001:db8::5"
  ["port"]=>
  int(3306)
}
