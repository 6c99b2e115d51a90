--TEST--
INI: acq_db.recheck_ms = abc is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/recheck_abc.election
acq_db.recheck_ms=abc
--FILE--
<?php
echo ini_get('acq_db.recheck_ms'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.recheck_ms: 'abc' is not a number of milliseconds from 0 to 3600000 in Unknown on line 0
1000|
AcqDbException: election file %s does not exist%s
