--TEST--
INI: acq_db.servers = "db1=h:99999" is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/servers_port.election
acq_db.servers="db1=h:99999"
--FILE--
<?php
echo ini_get('acq_db.servers'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.servers: entry 1 'db1=h:99999': port '99999' must be a number from 1 to 65535 in Unknown on line 0
|
AcqDbException: acq_db is not configured: acq_db.servers: entry 1 'db1=h:99999': port '99999' must be a number from 1 to 65535
