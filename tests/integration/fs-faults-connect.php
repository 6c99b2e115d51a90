<?php
/*
 * A connect-path election during a file-system fault, for
 * tests/integration/fs-faults.sh. This process is configured (by the
 * harness) with db1 at an address where nothing listens, so that its routed
 * connect to db1 finds the "master" dead and elects db2, which needs the
 * election file's lock and a write. It waits until it sees HOST (db1's
 * address in its configuration) as the active one and prints "ready"; when GO (local disk) appears it makes one routed PDO connect and
 * prints one JSON line: how long the connect took and how it ended (the
 * server it reached, or the error). The harness asserts that the outcome is
 * bounded and that a failed election names the file system.
 *
 * usage: php [acq_db ini] fs-faults-connect.php GO DSN HOST
 */
if ($argc !== 4) {
    fwrite(STDERR, "usage: fs-faults-connect.php GO DSN HOST\n");
    exit(2);
}
[, $go, $dsn, $host] = $argv;

function fsf_view(): array
{
    $s = acq_db_status();
    return ['active' => $s['active'] ?? null, 'epoch' => $s['epoch'] ?? null];
}

$deadline = microtime(true) + 20;
while (acq_db_active()['host'] !== $host) {
    if (microtime(true) > $deadline) {
        echo json_encode(['ok' => false, 'message' => "never saw $host active", 'ms' => 0]), "\n";
        exit(1);
    }
    usleep(20000);
}
$before = fsf_view();
echo "ready\n";
fflush(STDOUT);
while (!file_exists($go)) {
    usleep(10000);
}
$t0 = hrtime(true);
try {
    $pdo = new PDO($dsn, 'acq_app', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $r = ['ok' => true, 'port' => (int) $pdo->query('SELECT @@port')->fetchColumn()];
} catch (Throwable $e) {
    $r = ['ok' => false, 'class' => get_class($e), 'message' => $e->getMessage()];
}
$r['ms'] = (hrtime(true) - $t0) / 1e6;
$r['before'] = $before;
$r['after'] = fsf_view();
echo json_encode($r), "\n";
fflush(STDOUT);
