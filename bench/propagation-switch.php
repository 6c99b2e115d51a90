<?php
/*
 * The switchover driver of bench/propagation.sh, run on mount 1: COUNT
 * operator switchovers alternating db2/db1. For each it records the wall
 * time of the call, of its return, and the change time the writer put into
 * the election file (changed_at, taken just before the write); the next one starts
 * only once every worker (their OUT files, local disk) shows the new host,
 * or after a 10 s deadline, plus a random 0-300 ms so that switchovers do
 * not fall into step with the pollers' intervals. Writes one JSON line per
 * switchover to stdout.
 *
 * usage: php [acq_db ini, node 1] propagation-switch.php COUNT HOST1 HOST2 OUT...
 */
if ($argc < 5) {
    fwrite(STDERR, "usage: propagation-switch.php COUNT HOST1 HOST2 OUT...\n");
    exit(2);
}
$count = (int) $argv[1];
$hosts = ['db1' => $argv[2], 'db2' => $argv[3]];
$outs = array_slice($argv, 4);

function prop_last_host(string $file): ?string
{
    $lines = @file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [];
    for ($i = count($lines) - 1; $i >= 0; $i--) {
        if ($lines[$i][0] !== 'C') {
            return explode(' ', $lines[$i])[1] ?? null;
        }
    }
    return null;
}

$active = acq_db_status()['active'];
// acq_db_switchover() since 0.1.0's settings table; a baseline build may
// only have the old name (now deprecated, which would print a notice)
$switch = function_exists('acq_db_switchover') ? 'acq_db_switchover' : 'acq_db_failover';
for ($k = 1; $k <= $count; $k++) {
    $to = $active === 'db1' ? 'db2' : 'db1';
    $t_call = microtime(true);
    $st = $switch($to, "propagation benchmark $k");
    $t_commit = microtime(true);
    $active = $to;
    $deadline = $t_commit + 10;
    do {
        usleep(50000);
        $behind = 0;
        foreach ($outs as $f) {
            if (prop_last_host($f) !== $hosts[$to]) {
                $behind++;
            }
        }
    } while ($behind > 0 && microtime(true) < $deadline);
    echo json_encode(['k' => $k, 'to' => $to, 'host' => $hosts[$to], 't_call' => $t_call,
        't_commit' => $t_commit, 'changed_at' => $st['changed_at'] ?? null,
        'behind_at_deadline' => $behind]), "\n";
    usleep(random_int(0, 300000));
}
