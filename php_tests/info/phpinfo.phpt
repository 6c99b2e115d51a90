--TEST--
phpinfo(): an acq_db section with the state and the INI entries
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={PWD}/phpinfo.election
error_log={PWD}/phpinfo.log
--FILE--
<?php
acq_db_init('db2');
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$i = strpos($info, "\nacq_db\n");
echo substr($info, $i + 1, strpos($info, "\n\n", strpos($info, 'acq_db.servers')) - $i), "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/phpinfo.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/phpinfo.log'); ?>
--EXPECTF--
acq_db

acq_db support => enabled
Version => %s
Election file format => 1
Active server => db2
Epoch => 1
Last change => initialised
Demoted servers => none
Last read reason => %s

Directive => Local Value => Master Value
acq_db.alias => no value => no value
acq_db.connect_timeout_ms => 1000 => 1000
acq_db.election_file => %s/phpinfo.election => %s/phpinfo.election
acq_db.failover_hold_ms => 60000 => 60000
acq_db.lock_timeout_ms => 5000 => 5000
acq_db.recheck_ms => 1000 => 1000
acq_db.routing => On => On
acq_db.servers => db1=127.0.0.1:3306,db2=127.0.0.2:3307 => db1=127.0.0.1:3306,db2=127.0.0.2:3307
