--TEST--
INI: acq_db.connect_timeout_ms = 0 is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/connect_zero.election
acq_db.connect_timeout_ms=0
--FILE--
<?php
echo ini_get('acq_db.connect_timeout_ms'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.connect_timeout_ms: '0' is not a number of milliseconds from 1 to 600000 in Unknown on line 0
1000|
AcqDbException: election file %s does not exist%s
