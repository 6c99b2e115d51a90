--TEST--
phpinfo() without acq_db.servers says acq_db is not configured and why
--EXTENSIONS--
acq_db
--INI--
acq_db.election_file={TMP}/acq_db_info_phpinfo_not_configured.election
error_log={TMP}/acq_db_info_phpinfo_not_configured.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nacq_db\n");
$end = strpos($info, "\n\n", strpos($info, 'acq_db.servers =>'));
echo substr($info, $start + 1, $end - $start), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('info_phpinfo_not_configured');
?>
--EXPECTF--
acq_db

acq_db support => enabled
Version => %s
Election file format => 1
Promotion => off (acq_db.admin_credentials is not set: an elected replica keeps its read_only)
Operator functions => on (acq_db_switchover(), acq_db_rejoin() and acq_db_init() may be called)
State => not configured
Configuration error => acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")

Directive => Local Value => Master Value
%a
