--TEST--
INI: acq_db.servers with a relative socket path is refused at startup naming the directive and the part; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=unix:run/db1.sock"
acq_db.election_file={TMP}/acq_db_ini_servers_socket_relative.election
error_log={TMP}/acq_db_ini_servers_socket_relative.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo 'value: ', json_encode(ini_get('acq_db.servers')), "\n";
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_servers_socket_relative');
?>
--EXPECT--
Warning: PHP Startup: acq_db.servers: entry 1 'db1=unix:run/db1.sock': socket path must be absolute (unix:/path/to/mysqld.sock) in Unknown on line 0
value: ""
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 1 'db1=unix:run/db1.sock': socket path must be absolute (unix:/path/to/mysqld.sock)
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: acq_db.servers: entry 1 'db1=unix:run/db1.sock': socket path must be absolute (unix:/path/to/mysqld.sock)
