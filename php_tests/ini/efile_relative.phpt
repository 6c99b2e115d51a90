--TEST--
INI: acq_db.election_file=relative/election is refused at startup naming the directive and the value; the functions throw "acq_db is not configured: ..."
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_ini_efile_relative.election
error_log={TMP}/acq_db_ini_efile_relative.log
acq_db.election_file=relative/election
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo 'value: ', json_encode(ini_get('acq_db.election_file')), "\n";
acq_test_throws(fn() => acq_db_active());
acq_test_throws(fn() => acq_db_init());
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_efile_relative');
?>
--EXPECTF--
Warning: PHP Startup: acq_db.election_file: must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory in Unknown on line 0
value: %s
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.election_file: must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory%S
AcqDbException ACQ_DB_E_INVALID: acq_db is not configured: %Sacq_db.election_file: must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory%S
