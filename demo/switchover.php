<?php
/*
 * The switchover drill's operator action: a planned acq_db_switchover() to
 * the standby while the load runs (demo/run --switchover starts it in the
 * background at the warm-up mark, with the farm's settings and the admin
 * credentials on its command line). Prints one line for the report: the
 * wall-clock start and end of the call and its outcome, so that the report
 * can say how long the switch took and which failures fall inside it.
 */
$target = $argv[1] ?? 'db2';
$start = microtime(true);
try {
    acq_db_switchover($target, 'planned switchover (demo/run --switchover)');
    $outcome = 'ok';
} catch (Throwable $e) {
    $outcome = 'failed: ' . preg_replace('/\s+/', ' ', $e->getMessage());
}
printf("%.6f %.6f %s\n", $start, microtime(true), $outcome);
exit($outcome === 'ok' ? 0 : 1);
