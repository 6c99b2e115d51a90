<?php
/*
 * How long until a process on one GlusterFS mount (node B) sees a failover
 * written through another mount (node A)? inotify cannot see it (FIELD-NOTES);
 * the bound is acq_db.recheck_ms plus what GlusterFS adds. Run by
 * gluster-visibility.sh. Prints the observed delays; exits 1 if a change is
 * not seen within recheck_ms + 250 ms or is seen wrong. Without the lock
 * file's copy (read with O_DIRECT) GlusterFS's one-second entry and attribute
 * caches made this up to recheck_ms + 1000 ms.
 *
 * usage: php [ini with election_file on mount B] gluster-visibility.php FILE_ON_A ROUNDS
 */
[, $fileA, $rounds] = $argv;
$recheck = (int) ini_get('acq_db.recheck_ms');
$cmdA = escapeshellarg(PHP_BINARY) . ' ' . getenv('ACQ_DB_PHP_ARGS')
    . ' -d ' . escapeshellarg('acq_db.servers="' . ini_get('acq_db.servers') . '"')
    . ' -d ' . escapeshellarg("acq_db.election_file=$fileA") . ' -d error_log=/dev/null';
$fail = 0;
$delays = [];
for ($r = 0; $r < (int) $rounds; $r++) {
    $before = acq_db_status()['epoch'];
    $to = acq_db_active()['port'] === 33061 ? 'db2' : 'db1';
    $t0 = microtime(true);
    exec("$cmdA -r " . escapeshellarg("acq_db_switchover('$to', 'visibility round $r');"), $o, $rc);
    $written = microtime(true);
    $deadline = $written + ($recheck + 3000) / 1000;
    while (acq_db_status()['epoch'] === $before && microtime(true) < $deadline) {
        usleep(1000);
    }
    $s = acq_db_status();
    $ms = (microtime(true) - $written) * 1000;
    $delays[] = $ms;
    $ok = $s["epoch"] === $before + 1 && $s["active"] === $to && $ms <= $recheck + 250;
    printf("round %d: epoch %d -> %d (%s) seen after %.0f ms via %s%s\n", $r, $before, $s['epoch'], $s['active'], $ms,
        $s['last_read_reason'], $ok ? '' : '  <-- VIOLATION');
    $fail |= !$ok;
    usleep(random_int(0, 300000)); /* vary the phase against the recheck timer */
}
sort($delays);
printf("max %.0f ms, median %.0f ms, recheck_ms %d\n", end($delays), $delays[intdiv(count($delays), 2)], $recheck);
exit($fail);
