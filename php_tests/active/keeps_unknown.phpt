--TEST--
After a good read, a file naming a server missing from acq_db.servers leaves the active server as it was; status has the error; one acq_db: warning however often it is read
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_keeps_unknown.election
error_log={TMP}/acq_db_active_keeps_unknown.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_keeps_value('unknown');
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_keeps_unknown');
?>
--EXPECT--
good read: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
after the damage: {"host":"127.0.0.2","port":3307}
status: ok false, epoch 6, active db2, reads 1
last_error: active server 'db9' (epoch 7) is not in this node's acq_db.servers: the nodes' configurations differ; add 'db9' to acq_db.servers here or fail over to a server every node knows
1 acq_db log line(s):
acq_db: keeping active server db2 (epoch 6) from an earlier good read: active server 'db9' (epoch 7) is not in this node's acq_db.servers: the nodes' configurations differ; add 'db9' to acq_db.servers here or fail over to a server every node knows
