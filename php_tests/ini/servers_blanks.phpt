--TEST--
INI: blanks around entries, names and addresses in acq_db.servers are ignored
--EXTENSIONS--
acq_db
--INI--
acq_db.servers=" db1 = 127.0.0.1:3306 ,  db2=  127.0.0.2:3307 "
acq_db.election_file={TMP}/acq_db_ini_servers_blanks.election
error_log={TMP}/acq_db_ini_servers_blanks.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db2');
echo json_encode(array_map(fn($x) => [$x['name'], $x['host'], $x['port']], acq_db_status()['servers'])), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_servers_blanks');
?>
--EXPECT--
[["db1","127.0.0.1",3306],["db2","127.0.0.2",3307]]
