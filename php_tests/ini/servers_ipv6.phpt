--TEST--
INI: acq_db.servers = "db1=::1:3306" is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/servers_ipv6.election
acq_db.servers="db1=::1:3306"
--FILE--
<?php
echo ini_get('acq_db.servers'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.servers: entry 1 'db1=::1:3306': write IPv6 addresses in brackets, e.g. [::1]:3306 in Unknown on line 0
|
AcqDbException: acq_db is not configured: acq_db.servers: entry 1 'db1=::1:3306': write IPv6 addresses in brackets, e.g. [::1]:3306
