--TEST--
After a good read, a deleted file (volume unmounted) leaves the active server as it was; status has the error; one acq_db: warning however often it is read
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_keeps_missing.election
error_log={TMP}/acq_db_active_keeps_missing.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_keeps_value('missing');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_keeps_missing');
?>
--EXPECTF--
good read: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
status: ok false, epoch 6, active db2, reads 1
last_error: election file %s/acq_db_active_keeps_missing.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S
1 acq_db log line(s):
acq_db: keeping active server db2 (epoch 6) from an earlier good read: election file %s/acq_db_active_keeps_missing.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S
