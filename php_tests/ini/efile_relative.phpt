--TEST--
INI: acq_db.election_file = relative/election is refused at startup with a message naming the directive and the part
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/efile_relative.election
acq_db.election_file=relative/election
--FILE--
<?php
echo ini_get('acq_db.election_file'), "|\n";
try { acq_db_active(); } catch (AcqDbException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
Warning: PHP Startup: acq_db.election_file: must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory in Unknown on line 0
|
AcqDbException: acq_db is not configured: acq_db.election_file is not set (a path on the shared file system)
