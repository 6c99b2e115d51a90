--TEST--
Safe reads are retried once after a connection-level failure (a killed connection, a SIGKILLed master); a SELECT in a transaction, FOR UPDATE, an INSERT and a COMMIT never are
--EXTENSIONS--
acq_db
pdo_mysql
mysqli
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
acq_db.servers="db1=127.0.0.2:33061,db2=127.0.0.3:33062"
acq_db.election_file={PWD}/stmt_retry.election
acq_db.failover_hold_ms=0
error_log={PWD}/stmt_retry.log
--FILE--
<?php
require __DIR__ . '/connect.inc';
acq_it_reset('db1', ['db1', 'db2']);
acq_it_table_everywhere('stmt_retry');
acq_it_direct('db1', "INSERT INTO stmt_retry (v) VALUES ('db1 row')");
acq_it_direct('db2', "INSERT INTO stmt_retry (v) VALUES ('db2 row')");
mysqli_report(MYSQLI_REPORT_OFF);

function pdo_conn(): PDO
{
    return new PDO(acq_it_dsn('db1'), 'acq', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
}

function kill_it(int $id): void
{
    acq_it_kill_connection('db1', $id);
}

/* a write whose connection was lost in flight says that it may have run */
function in_doubt(string $msg): string
{
    return str_contains($msg, 'may or may not have been executed') ? ' (in doubt)' : '';
}

function pdo_case(string $name, callable $before, string $sql): void
{
    $pdo = pdo_conn();
    $pdo->exec("SET @x = 1"); /* a session to replay */
    $before($pdo);
    kill_it((int) $pdo->query("SELECT CONNECTION_ID()")->fetchColumn());
    try {
        $r = $pdo->query($sql);
        echo "$name: retried: ", json_encode($r->fetchAll(PDO::FETCH_COLUMN)), "\n";
    } catch (PDOException $e) {
        echo "$name: not retried: ", $e->errorInfo[1], in_doubt($e->getMessage()), "\n";
    }
}

$nothing = function (PDO $p) {};
pdo_case('pdo select', $nothing, "SELECT v FROM stmt_retry");
pdo_case('pdo select in trx', fn (PDO $p) => $p->beginTransaction(), "SELECT v FROM stmt_retry");
pdo_case('pdo for update', $nothing, "SELECT v FROM stmt_retry FOR UPDATE");
pdo_case('pdo lock in share mode', $nothing, "SELECT v FROM stmt_retry LOCK IN SHARE MODE");
pdo_case('pdo insert', $nothing, "INSERT INTO stmt_retry (v) VALUES ('must not be retried')");
pdo_case('pdo commit', fn (PDO $p) => $p->exec("BEGIN"), "COMMIT");
pdo_case('pdo user variable', $nothing, "SELECT @x");

$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
kill_it($m->thread_id);
$r = $m->query("SELECT v FROM stmt_retry");
echo "mysqli select: ", $r ? 'retried: ' . $r->fetch_row()[0] : 'not retried: ' . $m->errno, "\n";
$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
kill_it($m->thread_id);
echo "mysqli insert: ", $m->query("INSERT INTO stmt_retry (v) VALUES ('must not be retried')") ? 'retried' : 'not retried: ' . $m->errno . in_doubt($m->error), "\n";

echo "db1 rows ", acq_it_count('db1', 'stmt_retry'), "\n";
echo "retried ", acq_db_status()['statements']['retried'], ", in doubt ", acq_db_status()['statements']['in_doubt'], "\n";

/* the master dies: the read goes to the new one, by an election */
$pdo = pdo_conn();
$m = new mysqli('127.0.0.2', 'acq', 'acq', 'acq_test', 33061);
acq_it_cluster('kill', 'db1', 'KILL');
echo "pdo after SIGKILL: ", json_encode($pdo->query("SELECT v FROM stmt_retry")->fetchAll(PDO::FETCH_COLUMN)), "\n";
echo "mysqli after SIGKILL: ", $m->query("SELECT v FROM stmt_retry")->fetch_row()[0], "\n";
$s = acq_db_status();
/* the mysqli connection was idle at the kill: this process's election had
 * already moved on, so it was rerouted before its statement, not retried */
echo "active ", $s['active'], ", retried ", $s['statements']['retried'], ", rerouted ", $s['statements']['rerouted'], "\n";
acq_it_cluster('ensure', 'db1');
?>
--CLEAN--
<?php foreach (glob(__DIR__ . '/stmt_retry.election*') as $f) { unlink($f); } @unlink(__DIR__ . '/stmt_retry.log'); ?>
--EXPECT--
pdo select: retried: ["db1 row"]
pdo select in trx: not retried: 2006
pdo for update: not retried: 2006 (in doubt)
pdo lock in share mode: not retried: 2006 (in doubt)
pdo insert: not retried: 2006 (in doubt)
pdo commit: not retried: 2006 (in doubt)
pdo user variable: not retried: 2006 (in doubt)
mysqli select: retried: db1 row
mysqli insert: not retried: 2006 (in doubt)
db1 rows 1
retried 2, in doubt 6
pdo after SIGKILL: ["db2 row"]
mysqli after SIGKILL: db2 row
active db2, retried 3, rerouted 1
