--TEST--
acq_db_status()['servers']: every configured member in priority order with name, host, port and unix_socket for socket members
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=unix:/run/mysqld/db1.sock,db2=10.0.0.12,db3=[fe80::1]:3310"
acq_db.election_file={TMP}/acq_db_status_servers.election
error_log={TMP}/acq_db_status_servers.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db2');
foreach (acq_db_status()['servers'] as $x) {
    echo json_encode($x), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_servers');
?>
--EXPECT--
{"name":"db1","host":"localhost","port":3306,"unix_socket":"\/run\/mysqld\/db1.sock","active":false,"demoted":false}
{"name":"db2","host":"10.0.0.12","port":3306,"active":true,"demoted":false}
{"name":"db3","host":"fe80::1","port":3310,"active":false,"demoted":false}
