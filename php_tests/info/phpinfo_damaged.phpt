--TEST--
phpinfo() of a process keeping an earlier value shows it with demoted servers and the last error
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307"
acq_db.election_file={TMP}/acq_db_info_phpinfo_damaged.election
error_log={TMP}/acq_db_info_phpinfo_damaged.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(3, 'db2', ['db1']));
acq_db_active();
acq_test_put(acq_test_damaged('empty'));

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
acq_test_clean('info_phpinfo_damaged');
?>
--EXPECTF--
acq_db

acq_db support => enabled
Version => %s
Election file format => 1
Promotion => off (acq_db.admin_credentials is not set: an elected replica keeps its read_only)
Operator functions => on (acq_db_switchover(), acq_db_rejoin() and acq_db_init() may be called)
Active server => db2
Epoch => 3
Last change => crafted by a test
Demoted servers => db1
Last read reason => %s
State age => %d ms
Reader => one per node (shared page)
Last error => election file %s/acq_db_info_phpinfo_damaged.election is unusable: file is empty (torn write or truncated by hand)

Directive => Local Value => Master Value
%a
