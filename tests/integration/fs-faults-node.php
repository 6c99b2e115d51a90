<?php
/*
 * One web node's request loop for tests/integration/fs-faults.sh: calls
 * acq_db_active() every 2 ms and makes a routed PDO connect to db1 every
 * ~100 ms, the two things a PHP request does that must never wait on the
 * election file's file system. Statistics are kept per phase: the harness
 * names the current phase in PHASE_FILE (local disk, never the shared file
 * system) and this loop appends one JSON line per finished phase to OUT, so
 * a call that was stuck in a fault is counted in that fault's phase even
 * though it returns only after recovery. STATE_FILE (local disk) is rewritten
 * every ~100 ms with the active server this node sees, for the harness's
 * "every node follows" checks.
 *
 * usage: php [acq_db ini] fs-faults-node.php NODE PHASE_FILE OUT STATE_FILE DSN
 * Stops when the phase is "stop".
 */
if ($argc !== 6) {
    fwrite(STDERR, "usage: fs-faults-node.php NODE PHASE_FILE OUT STATE_FILE DSN\n");
    exit(2);
}
[, $node, $phaseFile, $out, $stateFile, $dsn] = $argv;

function fsf_now_ms(): float
{
    return hrtime(true) / 1e6;
}

function fsf_read_phase(string $file): string
{
    $p = @file_get_contents($file);
    return $p === false ? '' : trim($p);
}

function fsf_new_stats(string $phase): array
{
    return ['node' => (int) $GLOBALS['node'], 'phase' => $phase, 'calls' => 0, 'max_active_ms' => 0.0,
        'max_active_at' => null, 'active_errors' => 0, 'last_active_error' => null,
        'connects_ok' => 0, 'connects_failed' => 0, 'last_connect_error' => null,
        'max_connect_ms' => 0.0, 'started' => microtime(true)];
}

/* Atomic replace on local disk: the harness never reads a half-written file. */
function fsf_write_state(string $file, array $state): void
{
    file_put_contents("$file.tmp", json_encode($state));
    rename("$file.tmp", $file);
}

function fsf_status_summary(): array
{
    try {
        $s = acq_db_status();
    } catch (Throwable $e) {
        return ['status_error' => $e->getMessage()];
    }
    return ['epoch' => $s['epoch'] ?? null, 'active' => $s['active'] ?? null,
        'state_age_ms' => $s['state_age_ms'] ?? null, 'last_read_at' => $s['last_read_at'] ?? null,
        'last_error' => $s['last_error'] ?? null, 'poller' => $s['poller'] ?? null];
}

$phase = fsf_read_phase($phaseFile);
$stats = fsf_new_stats($phase);
$nextConnect = 0.0;
$nextPhaseCheck = 0.0;
$active = null;
while ($phase !== 'stop') {
    $t0 = fsf_now_ms();
    try {
        $active = acq_db_active();
    } catch (Throwable $e) {
        $stats['active_errors']++;
        $stats['last_active_error'] = $e->getMessage();
    }
    $d = fsf_now_ms() - $t0;
    $stats['calls']++;
    if ($d > $stats['max_active_ms']) {
        $stats['max_active_ms'] = $d;
        $stats['max_active_at'] = microtime(true) - $d / 1000;
    }
    $now = fsf_now_ms();
    if ($now >= $nextConnect) {
        $nextConnect = $now + 100;
        $c0 = fsf_now_ms();
        try {
            $pdo = new PDO($dsn, 'acq_app', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
            $pdo->query('SELECT 1')->fetchColumn();
            $pdo = null;
            $stats['connects_ok']++;
        } catch (Throwable $e) {
            $stats['connects_failed']++;
            $stats['last_connect_error'] = $e->getMessage();
        }
        $stats['max_connect_ms'] = max($stats['max_connect_ms'], fsf_now_ms() - $c0);
        fsf_write_state($stateFile, ['node' => (int) $node, 'pid' => getmypid(), 'at' => microtime(true),
            'host' => $active['host'] ?? null, 'port' => $active['port'] ?? null] + fsf_status_summary());
    }
    if ($now >= $nextPhaseCheck) {
        $nextPhaseCheck = $now + 20;
        $p = fsf_read_phase($phaseFile);
        if ($p !== $phase) {
            $stats['ended'] = microtime(true);
            file_put_contents($out, json_encode($stats) . "\n", FILE_APPEND);
            $phase = $p;
            $stats = fsf_new_stats($phase);
        }
    }
    usleep(2000);
}
