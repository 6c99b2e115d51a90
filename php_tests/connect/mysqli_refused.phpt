--TEST--
mysqli: a dead active master is replaced inside mysqli_connect, no warning, no connect_errno
--EXTENSIONS--
acq_db
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/mysqli_refused.election
acq_db.failover_hold_ms=0
error_log={PWD}/mysqli_refused.log

--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
acq_it_cluster('kill', 'db1', 'KILL');
error_clear_last();
foreach ([MYSQLI_REPORT_OFF, MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT] as $i => $report) {
    mysqli_report($report);
    $m = mysqli_connect('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
    printf("%d: connected to %s, connect_errno %d, host_info %s, error_get_last %s\n", $i,
        acq_it_name_of_port(acq_it_port($m)), mysqli_connect_errno(), $m->host_info, var_export(error_get_last(), true));
}
echo acq_db_status()['epoch'], " ", acq_db_status()['active'], "\n";
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/mysqli_refused.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/mysqli_refused.log'); ?>
--EXPECT--
0: connected to db2, connect_errno 0, host_info 127.0.0.3 via TCP/IP, error_get_last NULL
1: connected to db2, connect_errno 0, host_info 127.0.0.3 via TCP/IP, error_get_last NULL
2 db2
