<?php
/*
 * What a php-fpm worker of tests/integration/fs-faults.sh answers: its pid,
 * the active host it routes to, and its reader. An exception (a fresh
 * worker without state while the volume hangs fails closed) is an answer.
 */
try {
    $r = ['pid' => getmypid(), 'host' => acq_db_active()['host']];
} catch (Throwable $e) {
    $r = ['pid' => getmypid(), 'error' => $e->getMessage()];
}
$r['poller'] = acq_db_status()['poller'] ?? null;
echo json_encode($r), "\n";
