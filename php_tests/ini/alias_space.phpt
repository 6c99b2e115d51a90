--TEST--
INI: acq_db.alias = "acq db" is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/alias_space.election
acq_db.alias="acq db"
--FILE--
<?php
echo ini_get('acq_db.alias'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.alias: must be a host name (letters, digits, '.', '-', '_'), e.g. acq-db in Unknown on line 0
|
AcqDbException: election file %s does not exist%s
