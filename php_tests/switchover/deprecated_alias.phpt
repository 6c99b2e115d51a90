--TEST--
acq_db_failover(), the old name of acq_db_switchover(), still switches for one release and raises E_DEPRECATED
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_switchover_deprecated_alias.election
error_log={TMP}/acq_db_switchover_deprecated_alias.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
$s = acq_db_failover('db2', 'old name');
echo $s['epoch'], ' ', $s['active'], ' ', $s['reason'], "\n";
echo 'deprecated: ', json_encode((new ReflectionFunction('acq_db_failover'))->isDeprecated()), "\n";
echo 'switchover deprecated: ', json_encode((new ReflectionFunction('acq_db_switchover'))->isDeprecated()), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_deprecated_alias');
?>
--EXPECTF--
Deprecated: Function acq_db_failover() is deprecated in %s on line %d
2 db2 switchover from db1: old name
deprecated: true
switchover deprecated: false
