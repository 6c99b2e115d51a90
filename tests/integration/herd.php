<?php
/*
 * The herd: N PHP processes that all saw the same master, which is dead,
 * connect at the same moment. Exactly one election may happen (one epoch
 * increment) and every process must end up connected to the new master.
 *
 * usage: php [acq_db ini] herd.php N FILE[,FILE...]
 *   FILE: the election file as seen by each "node" (one GlusterFS mount each);
 *   process i uses FILE[i % count]. The cluster (tests/integration/cluster.sh)
 *   must run with db1 dead and the file initialised with db1 active.
 * Prints a summary; exits 1 on any violation.
 */
if ($argc < 3) {
    fwrite(STDERR, "usage: herd.php N FILE[,FILE...]\n");
    exit(2);
}
$n = (int) $argv[1];
$files = explode(',', $argv[2]);
$gate = sys_get_temp_dir() . '/acq_db_herd_gate.' . getmypid();
posix_mkfifo($gate, 0600) || exit("cannot make $gate\n");

$child = <<<'PHP'
$a = acq_db_active();
$seen = acq_db_status()['epoch'];
echo "ready\n";
fclose(fopen($argv[1], 'r'));              /* the gate: blocks until the parent opens it */
$t = hrtime(true);
try {
    $pdo = new PDO("mysql:host={$a['host']};port={$a['port']};dbname=acq_test", 'acq', 'acq',
        [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $port = (int) $pdo->query('SELECT @@port')->fetchColumn();
    $err = null;
} catch (Throwable $e) {
    $port = 0;
    $err = $e->getMessage();
}
$s = acq_db_status();
echo json_encode(['pid' => getmypid(), 'seen' => $seen, 'port' => $port, 'epoch' => $s['epoch'],
    'active' => $s['active'], 'ms' => (hrtime(true) - $t) / 1e6, 'err' => $err, 'warn' => error_get_last()]), "\n";
PHP;

$base = escapeshellarg(PHP_BINARY) . ' ' . (getenv('ACQ_DB_PHP_ARGS') ?: '');
foreach (ini_get_all('acq_db', false) as $k => $v) {
    if ($k !== 'acq_db.election_file') {
        $base .= ' -d ' . escapeshellarg("$k=" . (str_contains((string) $v, '=') ? "\"$v\"" : $v));
    }
}
$procs = [];
for ($i = 0; $i < $n; $i++) {
    $cmd = $base . ' -d ' . escapeshellarg('acq_db.election_file=' . $files[$i % count($files)])
        . ' -d error_log=/dev/null -r ' . escapeshellarg($child) . ' ' . escapeshellarg($gate);
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $procs[] = [$p, $pipes];
}
/* every child has read the file and waits at the gate */
foreach ($procs as $i => [$p, $pipes]) {
    $line = fgets($pipes[1]);
    if (trim((string) $line) !== 'ready') {
        fwrite(STDERR, "child $i did not get ready: $line" . stream_get_contents($pipes[2]) . "\n");
        exit(1);
    }
}
$t0 = hrtime(true);
$w = fopen($gate, 'w');  /* opens the gate for all of them at once; kept open for late arrivals */
$results = [];
foreach ($procs as [$p, $pipes]) {
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    proc_close($p);
    $r = json_decode(trim($out), true);
    $results[] = $r ?: ['err' => "no result: $out $err"];
}
$wall = (hrtime(true) - $t0) / 1e6;
fclose($w);
unlink($gate);

$violations = [];
$ports = array_count_values(array_map(fn($r) => $r['port'] ?? 0, $results));
$epochs = array_count_values(array_map(fn($r) => $r['epoch'] ?? 0, $results));
$seen = array_unique(array_map(fn($r) => $r['seen'] ?? 0, $results));
foreach ($results as $r) {
    if (!empty($r['err'])) {
        $violations[] = "process {$r['pid']}: {$r['err']}";
    }
    if (!empty($r['warn'])) {
        $violations[] = "process {$r['pid']}: error_get_last " . json_encode($r['warn']);
    }
}
if (count($seen) !== 1) {
    $violations[] = "children saw different epochs before the gate: " . implode(',', $seen);
}
$start = reset($seen);
if (array_keys($epochs) !== [$start + 1]) {
    $violations[] = "epochs after the herd: " . json_encode($epochs) . " (expected all at " . ($start + 1) . ")";
}
if (count($ports) !== 1) {
    $violations[] = "connected to different servers: " . json_encode($ports);
}
foreach ($files as $f) {
    $text = file_get_contents($f);
    if (!preg_match('/^epoch: (\d+)$/m', $text, $m) || (int) $m[1] !== $start + 1) {
        $violations[] = "$f says epoch " . ($m[1] ?? '?') . ", expected " . ($start + 1);
    }
}
$ms = array_map(fn($r) => $r['ms'] ?? 0, $results);
sort($ms);
printf("herd: %d processes over %d path(s); epoch %d -> %s; servers %s; wall %.0f ms; connect p50 %.1f ms, max %.1f ms\n",
    $n, count($files), $start, implode(',', array_keys($epochs)), json_encode($ports), $wall,
    $ms[intdiv(count($ms), 2)], end($ms));
foreach ($violations as $v) {
    echo "VIOLATION: $v\n";
}
exit($violations ? 1 : 0);
