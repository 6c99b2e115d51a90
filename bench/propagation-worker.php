<?php
/*
 * One PHP "request loop" of bench/propagation.sh: calls acq_db_active()
 * with usleep(1000) in between (so that 150 of them do not saturate two
 * cores) and appends "WALLTIME HOST" to OUT whenever the active host it sees
 * changes, the raw data of the propagation lag. CONTROL (local disk) is
 * checked about every 100 ms: a new word in it ("mark-...") appends this
 * process's acq_db read counters (for the idle read rate), "stop" ends it.
 *
 * usage: php [acq_db ini] propagation-worker.php OUT CONTROL
 */
if ($argc !== 3) {
    fwrite(STDERR, "usage: propagation-worker.php OUT CONTROL\n");
    exit(2);
}
[, $out, $control] = $argv;

function prop_counters(string $mark): string
{
    $s = acq_db_status();
    return json_encode(['mark' => $mark, 'pid' => getmypid(), 't' => microtime(true),
        'reads' => $s['reads'] ?? null, 'poller' => $s['poller'] ?? null,
        'state_age_ms' => $s['state_age_ms'] ?? null]);
}

$fh = fopen($out, 'a');
$t0 = microtime(true);
$last = null;
$word = 'run';
$errors = 0;
$firstError = $lastError = null;
for ($i = 0; ; $i++) {
    try {
        $host = acq_db_active()['host'];
        if ($host !== $last) {
            fwrite($fh, sprintf("%.6f %s\n", microtime(true), $host));
            $last = $host;
        }
    } catch (Throwable $e) {
        $errors++;
        $lastError = sprintf('%.3f %s', microtime(true), $e->getMessage());
        $firstError ??= $lastError;
    }
    if ($i % 100 === 0) {
        $w = trim((string) @file_get_contents($control));
        if ($w !== $word && $w !== '') {
            $word = $w;
            if ($word === 'stop') {
                break;
            }
            fwrite($fh, 'C ' . prop_counters($word) . "\n");
        }
    }
    usleep(1000);
}
fwrite($fh, 'C ' . json_encode(['mark' => 'stop', 'errors' => $errors, 'calls' => $i,
    'seconds' => microtime(true) - $t0, 'started' => $t0, 'first_error' => $firstError, 'last_error' => $lastError]) . "\n");
