--TEST--
A reused persistent connection to a frozen (SIGSTOPped) master: the liveness check (PDO's ping, mysqli's change_user) waits at most acq_db.connect_timeout_ms, then the new connection goes to the new master
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/persistent_frozen.election
acq_db.failover_hold_ms=0
acq_db.connect_timeout_ms=500
error_log={PWD}/persistent_frozen.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2']);
mysqli_report(MYSQLI_REPORT_OFF);
$opts = [PDO::ATTR_PERSISTENT => true, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION];

/* Opens a persistent connection on db1, leaves it in the pool, freezes db1
 * and opens it again: the reuse check must give up within the bound. */
function frozen_reuse(string $label, callable $open): void
{
    $c = $open();
    echo "$label before: on ", acq_it_name_of_port(acq_it_port($c)), "\n";
    $c = null;
    acq_it_signal('db1', 'STOP');
    try {
        $ms = acq_it_ms($open, $c);
        echo "$label reuse: on ", acq_it_name_of_port(acq_it_port($c)), ", ", $ms < 5000 ? "within 5 s" : "took $ms ms", "\n";
    } finally {
        acq_it_signal('db1', 'CONT');
    }
}

frozen_reuse('mysqli', fn () => new mysqli('p:127.0.0.2', 'acq', 'acq', 'acq_test', 33061));
/* back to db1 for the second case */
acq_db_rejoin('db1');
acq_db_switchover('db1', 'planned');
frozen_reuse('pdo', fn () => new PDO(acq_it_dsn('db1'), 'acq', 'acq', $opts));
echo "active ", acq_db_status()['active'], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/connect.inc';
acq_it_signal('db1', 'CONT');
foreach (glob(__DIR__ . '/persistent_frozen.election*') as $f) { unlink($f); }
@unlink(__DIR__ . '/persistent_frozen.log');
?>
--EXPECT--
mysqli before: on db1
mysqli reuse: on db2, within 5 s
pdo before: on db1
pdo reuse: on db2, within 5 s
active db2
