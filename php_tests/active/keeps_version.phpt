--TEST--
After a good read, a format version 3 file leaves the active server as it was; status has the error; one acq_db: warning however often it is read
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_keeps_version.election
error_log={TMP}/acq_db_active_keeps_version.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_keeps_value('version');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_keeps_version');
?>
--EXPECTF--
good read: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
status: ok false, epoch 6, active db2, reads 1
last_error: election file %s/acq_db_active_keeps_version.election is unusable: format version 3 is not supported by this acq_db (it reads versions 1 to 2); upgrade acq_db on this node
1 acq_db log line(s):
acq_db: keeping active server db2 (epoch 6) from an earlier good read: election file %s/acq_db_active_keeps_version.election is unusable: format version 3 is not supported by this acq_db (it reads versions 1 to 2); upgrade acq_db on this node
