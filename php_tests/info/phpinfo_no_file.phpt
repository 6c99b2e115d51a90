--TEST--
phpinfo() without an election file says there is no usable file and why
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_info_phpinfo_no_file.election
error_log={TMP}/acq_db_info_phpinfo_no_file.log
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
acq_test_clean('info_phpinfo_no_file');
?>
--EXPECTF--
acq_db

acq_db support => enabled
Version => %s
Election file format => 1
Promotion => off (acq_db.admin_credentials is not set: an elected replica keeps its read_only)
Operator functions => on (acq_db_switchover(), acq_db_rejoin() and acq_db_init() may be called)
State => no usable election file
Error => election file %s/acq_db_info_phpinfo_no_file.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init()%S

Directive => Local Value => Master Value
%a
