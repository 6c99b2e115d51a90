<?php
/*
 * An operator switchover started during a file-system fault, for
 * tests/integration/fs-faults.sh: acq_db_switchover(TO) and one JSON line on
 * stdout saying how long it took and how it ended. The line is printed the
 * moment the call returns, so its "ms" is the caller's wait even when the
 * process itself cannot exit yet (a FUSE request still pending in another
 * thread keeps a process from exiting until the file system answers).
 *
 * With "rejoin" (used after recovery), a TO that an automatic election
 * demoted is rejoined first, as an operator would.
 *
 * usage: php [acq_db ini] fs-faults-elect.php TO [rejoin]
 */
if ($argc !== 2 && !($argc === 3 && $argv[2] === 'rejoin')) {
    fwrite(STDERR, "usage: fs-faults-elect.php TO [rejoin]\n");
    exit(2);
}
$codes = [];
foreach (get_defined_constants(true)['acq_db'] ?? [] as $name => $value) {
    if (str_starts_with($name, 'ACQ_DB_E_')) {
        $codes[$value] = $name;
    }
}
$t0 = hrtime(true);
try {
    if ($argc === 3 && in_array($argv[1], acq_db_status()['demoted'] ?? [], true)) {
        acq_db_rejoin($argv[1]);
    }
    $s = acq_db_switchover($argv[1], 'fs-faults test');
    $r = ['ok' => true, 'epoch' => $s['epoch'] ?? null, 'active' => $s['active'] ?? null];
} catch (Throwable $e) {
    $r = ['ok' => false, 'class' => get_class($e), 'code' => $e->getCode(),
        'code_name' => $codes[$e->getCode()] ?? null, 'message' => $e->getMessage()];
}
$r['ms'] = (hrtime(true) - $t0) / 1e6;
$r['fs_timeout_code'] = defined('ACQ_DB_E_FS_TIMEOUT') ? ACQ_DB_E_FS_TIMEOUT : null;
echo json_encode($r), "\n";
fflush(STDOUT);
