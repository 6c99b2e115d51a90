--TEST--
PDO: a dead active master is replaced inside the connect, in every error mode, with nothing left behind
--EXTENSIONS--
acq_db
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062,db3=127.0.0.4:33063"
acq_db.election_file={PWD}/pdo_errmodes.election
acq_db.failover_hold_ms=0
error_log={PWD}/pdo_errmodes.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1');
@unlink(__DIR__ . '/pdo_errmodes.log');

/* each mode kills the master of the moment; db1 comes back (rejoined) for the last one */
$plan = [
    [PDO::ERRMODE_EXCEPTION, 'db1', 'exception'],
    [PDO::ERRMODE_WARNING, 'db2', 'warning'],
    [PDO::ERRMODE_SILENT, 'db3', 'silent'],
];
foreach ($plan as [$mode, $victim, $label]) {
    if ($label === 'silent') {
        acq_it_cluster('ensure', 'db1');
        acq_db_rejoin('db1');
    }
    acq_it_cluster('kill', $victim, 'KILL');
    error_clear_last();
    $a = acq_db_active();
    $pdo = new PDO("mysql:host={$a['host']};port={$a['port']};dbname=acq_test", 'acq', 'acq',
        [PDO::ATTR_ERRMODE => $mode]);
    $s = acq_db_status();
    printf("%s: connected to %s, active %s, epoch %d, errorInfo %s, error_get_last %s\n", $label,
        acq_it_name_of_port(acq_it_port($pdo)), $s['active'], $s['epoch'], $pdo->errorInfo()[0],
        var_export(error_get_last(), true));
    echo "reason: ", $s['reason'], "\n";
}
echo "demoted: ", implode(',', acq_db_status()['demoted']), "\n";
$log = file_get_contents(__DIR__ . '/pdo_errmodes.log');
echo "election log lines: ", preg_match_all('/acq_db: elected \S+ at epoch \d+ replacing \S+ \(cause: .*\) by \S+ pid \d+/', $log), "\n";
?>
--CLEAN--
<?php
foreach (glob(__DIR__ . '/pdo_errmodes.election*') as $f) { unlink($f); }
@unlink(__DIR__ . '/pdo_errmodes.log');
?>
--EXPECTF--
exception: connected to db2, active db2, epoch 2, errorInfo 00000, error_get_last NULL
reason: election: db1 failed: [2002] Connection refused
warning: connected to db3, active db3, epoch 3, errorInfo 00000, error_get_last NULL
reason: election: db2 failed: [2002] Connection refused
silent: connected to db1, active db1, epoch 5, errorInfo 00000, error_get_last NULL
reason: election: db3 failed: [2002] Connection refused
demoted: db2,db3
election log lines: 3
