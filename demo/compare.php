<?php
/*
 * demo/run --compare haproxy's side-by-side report: reads the summary.json
 * and per-second.dat that demo/report.php left in each run's directory and
 * prints one table (failures by phase, time from the kill to the first write
 * on the new master, where writes went after the old master returned,
 * acknowledged writes lost, latency before the kill), writes it as Markdown
 * (comparison.md, for docs/comparison.md) and draws one chart with every
 * run's timeline (comparison.png, one panel per scenario).
 *
 * usage: php compare.php --out DIR SCENARIO:MODE:RUNDIR...
 */
$args = array_slice($argv, 1);
$outDir = null;
$runs = [];
for ($i = 0; $i < count($args); $i++) {
    if ($args[$i] === '--out') {
        $outDir = $args[++$i] ?? null;
    } elseif (preg_match('/^(\w+):(\w+):(.+)$/', $args[$i], $m)) {
        $runs[] = ['scenario' => $m[1], 'via' => $m[2], 'dir' => $m[3]];
    } else {
        fwrite(STDERR, "compare: bad argument {$args[$i]} (usage: --out DIR SCENARIO:MODE:RUNDIR...)\n");
        exit(2);
    }
}
if ($outDir === null || !$runs) {
    fwrite(STDERR, "usage: php compare.php --out DIR SCENARIO:MODE:RUNDIR...\n");
    exit(2);
}
$titles = [
    'kill' => 'master SIGKILLed',
    'silent' => 'master silent (SIGSTOP)',
    'return' => 'master SIGKILLed, back after the failover',
];
$missing = 0;
foreach ($runs as &$run) {
    $f = "{$run['dir']}/summary.json";
    $run['s'] = is_file($f) ? json_decode(file_get_contents($f), true) : null;
    if (!$run['s']) {
        fwrite(STDERR, "compare: no summary in {$run['dir']} (that run failed before its report)\n");
        $missing++;
    }
}
unset($run);

$ms = fn($v) => $v === null ? 'never' : sprintf('%.0f ms', $v);
$rows = [];
foreach ($runs as $run) {
    $s = $run['s'];
    if (!$s) {
        $rows[] = [$titles[$run['scenario']] ?? $run['scenario'], $run['via'], 'no report', '', '', '', '', '', '', ''];
        continue;
    }
    $ph = $s['failed_by_phase'];
    $after = $s['writes_after_return'] === null ? 'n/a' : sprintf('db1 %d, db2 %d', $s['writes_after_return']['db1'], $s['writes_after_return']['db2']);
    $rows[] = [
        $titles[$run['scenario']] ?? $run['scenario'],
        $s['mode'],
        sprintf('%d / %d', $s['failed'], $s['sent']),
        (string) $ph['in_flight'],
        (string) $ph['before_move'],
        (string) $ph['later'],
        $ms($s['kill_to_first_write_on_new_ms']),
        $after,
        sprintf('%d of %d (final master %s)', $s['acked_lost'], $s['acked'], $s['final_master']),
        sprintf('%.1f / %.1f ms', $s['p50_ms_before_kill'] ?? 0, $s['p95_ms_before_kill'] ?? 0),
    ];
}
$head = ['scenario', 'via', 'failed / sent', 'failed in flight at the kill', 'failed between the kill and the move',
    'failed later', 'kill → first write on the new master', 'writes after the old master returned',
    'acknowledged writes lost', 'latency p50 / p95 before the kill'];

/* Markdown for the docs */
$md = '| ' . implode(' | ', $head) . " |\n|" . str_repeat('---|', count($head)) . "\n";
foreach ($rows as $r) {
    $md .= '| ' . implode(' | ', $r) . " |\n";
}
file_put_contents("$outDir/comparison.md", $md);

/* the same as plain text */
$width = fn(string $c): int => preg_match_all('/./us', $c); /* characters, without mbstring */
$w = array_map(fn($i) => max(array_map(fn($r) => $width($r[$i]), array_merge([$head], $rows))), array_keys($head));
$line = fn($r) => rtrim(implode('  ', array_map(fn($c, $i) => $c . str_repeat(' ', $w[$i] - $width($c)), $r, array_keys($r))));
$text = "acq_db and HAProxy, the same drill (the move: the first write acknowledged by the new master)\n\n";
$text .= $line($head) . "\n";
foreach ($rows as $r) {
    $text .= $line($r) . "\n";
}

/* one chart: a panel per scenario, both timelines in each */
$scenarios = array_values(array_unique(array_column($runs, 'scenario')));
$colour = ['acq_db' => '#1f5fbf', 'haproxy' => '#d9541e'];
$gp = "set terminal pngcairo size 1200," . (260 * count($scenarios) + 60) . " font \",10\" noenhanced\n";
$gp .= "set output \"$outDir/comparison.png\"\n";
$gp .= "set multiplot layout " . count($scenarios) . ",1 title \"The same drill through acq_db and through HAProxy: requests per second by start second\"\n";
$gp .= "set grid\nset yrange [0:*]\nset offsets 0, 0, graph 0.25, 0\nset key outside right top\nset ylabel \"requests/s\"\n";
foreach ($scenarios as $k => $sc) {
    $plots = [];
    $marked = false;
    $gp .= "unset arrow\nunset label\n";
    if ($k === count($scenarios) - 1) {
        $gp .= "set xlabel \"seconds since the load started\"\n";
    }
    foreach ($runs as $run) {
        if ($run['scenario'] !== $sc || !$run['s']) {
            continue;
        }
        $dat = "{$run['dir']}/per-second.dat";
        $c = $colour[$run['via']] ?? 'black';
        $name = $run['s']['mode'];
        if (!$marked) {
            /* the kill (and the return) once per panel, from its first run */
            $marked = true;
            $kill = $run['s']['kill'];
            $gp .= "set arrow from $kill, graph 0 to $kill, graph 1 nohead lc rgb \"red\" lw 2\n";
            $gp .= "set label \"kill\" at $kill, graph 0.95 offset 0.5,0 tc rgb \"red\"\n";
            if ($run['s']['returned'] !== null) {
                $back = $run['s']['returned'];
                $gp .= "set arrow from $back, graph 0 to $back, graph 1 nohead lc rgb \"#555555\" dt 2 lw 2\n";
                $gp .= "set label \"old master back\" at $back, graph 0.95 offset 0.5,0 tc rgb \"#555555\"\n";
            }
        }
        $plots[] = "\"$dat\" using 1:2 with steps lw 2 lc rgb \"$c\" title \"$name: succeeded\"";
        $plots[] = "\"$dat\" using (\$1+" . ($run['via'] === 'acq_db' ? '0.3' : '0.6') . "):3 with impulses lw 5 lc rgb \"$c\" title \"$name: failed\"";
        if ($run['s']['returned'] !== null) {
            $plots[] = "\"$dat\" using 1:(\$1 > {$run['s']['kill']} ? \$6 : 1/0) with steps dt 3 lw 2 lc rgb \"$c\" title \"$name: answered by the old master\"";
        }
    }
    $gp .= "set title \"" . addslashes($titles[$sc] ?? $sc) . "\"\n";
    $gp .= $plots ? 'plot ' . implode(', ', $plots) . "\n" : '';
}
$gp .= "unset multiplot\n";
file_put_contents("$outDir/comparison.gp", $gp);
exec('gnuplot ' . escapeshellarg("$outDir/comparison.gp") . ' 2>&1', $gout, $grc);
$text .= "\n" . ($grc === 0 ? "chart: $outDir/comparison.png" : 'chart: gnuplot failed: ' . implode(' ', $gout)) . "\n";
$text .= "table (Markdown): $outDir/comparison.md\n";
file_put_contents("$outDir/comparison.txt", $text);
echo $text;
exit($missing > 0 || $grc !== 0 ? 1 : 0);
