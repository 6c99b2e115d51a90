<?php
/*
 * The drill's report: requests, failures by cause and node, the failover
 * timeline, the acknowledged-writes check, and a PNG chart (gnuplot) of
 * throughput, errors and latency per second with the kill marked.
 * Exit 1 if an acknowledged write is missing on the new master or a request
 * that started after the election failed.
 */
$o = getopt('', ['requests:', 'meta:', 'db2-ids:', 'election-log:', 'out:', 'mode:', 'what:']);
$meta = json_decode(file_get_contents($o['meta']), true);
$kill = (float) $meta['kill'];
$t0Wall = (float) $meta['t0_wall'];
$outDir = $o['out'];
$rows = [];
$fh = fopen($o['requests'], 'r');
$head = fgetcsv($fh);
while (($r = fgetcsv($fh)) !== false) {
    $rows[] = array_combine($head, $r);
}
usort($rows, fn($a, $b) => $a['start'] <=> $b['start']);
$newPort = '34062';
$oldPort = '34061';

/* the election, from the election file's changed_at (or the first request on the new master) */
$election = null;
if (is_file("$outDir/election-file.txt") && preg_match('/^changed_at: (\d+)/m', file_get_contents("$outDir/election-file.txt"), $m)
    && preg_match('/^epoch: (\d+)/m', file_get_contents("$outDir/election-file.txt"), $e) && (int) $e[1] > 1) {
    $election = (int) $m[1] / 1000 - $t0Wall;
}
$ok = $failed = $inFlightAtKill = $afterElection = $betweenKillAndElection = 0;
$byCause = $byNode = [];
$perSecond = [];
foreach ($rows as $r) {
    $good = $r['status'] === '200';
    $node = $r['node'] !== '' ? $r['node'] : '(none)';
    $byNode[$node] ??= ['sent' => 0, 'ok' => 0, 'failed' => 0, 'old' => 0, 'new' => 0];
    $byNode[$node]['sent']++;
    $byNode[$node][$good ? 'ok' : 'failed']++;
    if ($good) {
        $byNode[$node][$r['server'] === $newPort ? 'new' : 'old']++;
    }
    $sec = (int) floor((float) $r['start']);
    $perSecond[$sec] ??= ['ok' => 0, 'failed' => 0, 'lat' => []];
    $perSecond[$sec][$good ? 'ok' : 'failed']++;
    $perSecond[$sec]['lat'][] = ((float) $r['end'] - (float) $r['start']) * 1000;
    if ($good) {
        $ok++;
        continue;
    }
    $failed++;
    $cause = substr(preg_replace('/PID=\d+|\d{4,}/', 'N', $r['cause']), 0, 110);
    $byCause[$cause] = ($byCause[$cause] ?? 0) + 1;
    if ((float) $r['start'] < $kill && (float) $r['end'] >= $kill) {
        $inFlightAtKill++;
    } elseif ($election !== null && (float) $r['start'] >= $election) {
        $afterElection++;
    } else {
        $betweenKillAndElection++;
    }
}
if ($election === null) {
    /* no election (extension off): everything that failed after the kill counts */
    $afterElection = $betweenKillAndElection;
    $betweenKillAndElection = 0;
}

/* acknowledged writes vs the new master */
$acked = array_column(array_filter($rows, fn($r) => $r['kind'] === 'write' && $r['status'] === '200'), 'id');
$onNew = array_flip(array_map('trim', file($o['db2-ids'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES)));
$missing = array_values(array_filter($acked, fn($id) => !isset($onNew[$id])));

/* timeline */
$firstNew = [];
foreach ($rows as $r) {
    if ($r['status'] === '200' && $r['server'] === $newPort && !isset($firstNew[$r['node']])) {
        $firstNew[$r['node']] = $r;
    }
}
ksort($firstNew);
$slowest = null;
foreach ($rows as $r) {
    if ((float) $r['start'] >= $kill - 1 && (float) $r['start'] <= $kill + 5) {
        $lat = (float) $r['end'] - (float) $r['start'];
        if (!$slowest || $lat > $slowest[1]) {
            $slowest = [$r, $lat];
        }
    }
}

$L = [];
$L[] = sprintf('acq_db failover drill (%s): %s at %.3f s', $o['mode'], $o['what'], $kill);
$L[] = '';
$L[] = sprintf('requests: %d sent, %d succeeded, %d failed', count($rows), $ok, $failed);
$L[] = sprintf('  failed while in flight on the master when it died: %d', $inFlightAtKill);
if ($election !== null) {
    $L[] = sprintf('  failed between the kill and the election:          %d', $betweenKillAndElection);
    $L[] = sprintf('  failed after the election:                         %d', $afterElection);
} else {
    $L[] = sprintf('  failed after the kill (no election without acq_db): %d', $afterElection);
}
$L[] = '';
$L[] = 'per web node:        sent      ok  failed  on db1  on db2';
foreach ($byNode as $n => $c) {
    $L[] = sprintf('  %-14s %8d %7d %7d %7d %7d', $n, $c['sent'], $c['ok'], $c['failed'], $c['old'], $c['new']);
}
if ($byCause) {
    arsort($byCause);
    $L[] = '';
    $L[] = 'failures by cause:';
    foreach ($byCause as $c => $n) {
        $L[] = sprintf('  %5d  %s', $n, $c);
    }
}
$L[] = '';
$L[] = 'timeline (seconds since the load started):';
$L[] = sprintf('  %8.3f  kill', $kill);
if ($election !== null) {
    $L[] = sprintf('  %8.3f  election written (+%.1f ms after the kill)', $election, ($election - $kill) * 1000);
}
foreach ($firstNew as $n => $r) {
    $L[] = sprintf('  %8.3f  %s: first request answered by db2 (started %.3f, +%.1f ms after the %s)', (float) $r['end'], $n,
        (float) $r['start'], (((float) $r['end']) - ($election ?? $kill)) * 1000, $election !== null ? 'election' : 'kill');
}
foreach (file($o['election-log'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
    $L[] = '  log: ' . $line;
}
if ($slowest) {
    $L[] = sprintf('  slowest request around the failover: %.1f ms (%s on %s, started %.3f, status %s)', $slowest[1] * 1000,
        $slowest[0]['kind'], $slowest[0]['node'] ?: '-', (float) $slowest[0]['start'], $slowest[0]['status']);
}
$L[] = '';
$L[] = sprintf('data: %d writes acknowledged, %d found on db2, acknowledged and missing: %d', count($acked),
    count($acked) - count($missing), count($missing));
foreach (array_slice($missing, 0, 10) as $id) {
    $L[] = "  missing: $id";
}
$L[] = '';
$L[] = sprintf('summary: sent %d, failed %d (in flight at the kill %d, after the %s %d), acknowledged writes lost %d',
    count($rows), $failed, $inFlightAtKill, $election !== null ? 'election' : 'kill', $afterElection, count($missing));

/* per-second series and the chart */
ksort($perSecond);
$dat = '';
foreach ($perSecond as $s => $v) {
    sort($v['lat']);
    $p = fn($q) => $v['lat'][min(count($v['lat']) - 1, (int) floor($q * count($v['lat'])))];
    $dat .= sprintf("%d %d %d %.1f %.1f\n", $s, $v['ok'], $v['failed'], $p(0.5), $p(0.99));
}
file_put_contents("$outDir/per-second.dat", "# second ok failed p50_ms p99_ms\n" . $dat);
$electionMark = $election === null ? '' : "set arrow from $election, graph 0 to $election, graph 1 nohead lc rgb \"blue\" dt 2 lw 2\nset label \"election\" at $election, graph 0.85 offset 0.5,0 tc rgb \"blue\"";
$title = addslashes(sprintf('acq_db drill (%s): %s', $o['mode'], $o['what']));
$gp = <<<GP
set terminal pngcairo size 1100,650 font ",10" noenhanced
set output "$outDir/drill.png"
set multiplot layout 2,1 title "$title"
set grid
set xlabel "seconds since the load started"
set arrow from $kill, graph 0 to $kill, graph 1 nohead lc rgb "red" lw 2
set label "kill" at $kill, graph 0.95 offset 0.5,0 tc rgb "red"
$electionMark
set ylabel "requests/s (by start second)"
set yrange [0:*]
set offsets 0, 0, graph 0.2, 0
plot "$outDir/per-second.dat" using 1:2 with steps lw 2 title "succeeded", "" using 1:3 with impulses lw 4 lc rgb "red" title "failed"
set ylabel "latency (ms)"
set offsets 0, 0, 0, 0
set yrange [*:*]
set logscale y
plot "$outDir/per-second.dat" using 1:4 with linespoints title "p50", "" using 1:5 with linespoints title "p99"
unset multiplot
GP;
file_put_contents("$outDir/drill.gp", $gp);
exec('gnuplot ' . escapeshellarg("$outDir/drill.gp") . ' 2>&1', $gout, $grc);
$L[] = $grc === 0 ? "chart: $outDir/drill.png" : 'chart: gnuplot failed: ' . implode(' ', $gout);
$text = implode("\n", $L) . "\n";
file_put_contents("$outDir/report.txt", $text);
echo $text;
exit(count($missing) > 0 || $afterElection > 0 ? 1 : 0);
