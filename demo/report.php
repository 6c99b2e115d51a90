<?php
/*
 * The drill's report: requests, failures by cause and node, the failover
 * timeline, the acknowledged-writes check, and a PNG chart (gnuplot) of
 * throughput, errors and latency per second with the kill marked.
 * Exit 1 if an acknowledged write is missing on the final master or a request
 * that started after the election failed. Also writes summary.json, the
 * figures demo/compare.php puts side by side: failures split by phase, the
 * time to the first write on the new master, where writes went after the old
 * master returned (--returned, with its ids in --db1-ids), acknowledged writes
 * lost, and latency before the kill. Every run counts the writes each server
 * acknowledged after the election. --fault partition (with --cut-node, the
 * web node left on the old master's side) adds how long that node was
 * answered by the old master after the election and what the old master
 * acknowledged after the cut; --fault switchover (with --switchover, the
 * call's start, end and outcome) adds the failed requests and their window,
 * and the rows on db1 that db2 lacks (diverged).
 */
$o = getopt('', ['requests:', 'meta:', 'db2-ids:', 'db1-ids:', 'returned:', 'election-log:', 'haproxy-log:', 'out:', 'mode:', 'what:',
    'fault:', 'cut-node:', 'db1-not-on-db2:', 'switchover:']);
$fault = $o['fault'] ?? 'kill';
$cutNode = $o['cut-node'] ?? null;
$meta = json_decode(file_get_contents($o['meta']), true);
$kill = (float) $meta['kill'];
$t0Wall = (float) $meta['t0_wall'];
$outDir = $o['out'];
$rows = [];
$fh = fopen($o['requests'], 'r');
$head = fgetcsv($fh, null, ',', '"', '');
while (($r = fgetcsv($fh, null, ',', '"', '')) !== false) {
    $rows[] = array_combine($head, $r);
}
usort($rows, fn($a, $b) => $a['start'] <=> $b['start']);
$newPort = '34062';
$oldPort = '34061';
$returned = isset($o['returned']) ? (float) $o['returned'] - $t0Wall : null;
$readIds = fn(string $f): array => array_flip(array_map('trim', file($f, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES)));

/* the move: the first write acknowledged by the new master after the kill */
$move = null;
foreach ($rows as $r) {
    if ($r['kind'] === 'write' && $r['status'] === '200' && $r['server'] === $newPort && (float) $r['start'] >= $kill) {
        $move = min($move ?? INF, (float) $r['end']);
    }
}
/* failures by phase, the same for every mode: before the kill, in flight at
 * the kill, between the kill and the move, later */
$phase = ['before' => 0, 'in_flight' => 0, 'before_move' => 0, 'later' => 0];
foreach ($rows as $r) {
    if ($r['status'] === '200') {
        continue;
    }
    $st = (float) $r['start'];
    $k = $st < $kill ? ((float) $r['end'] >= $kill ? 'in_flight' : 'before') : ($move !== null && $st >= $move ? 'later' : 'before_move');
    $phase[$k]++;
}
if ($move === null) {
    /* writes never reached the new master: everything after the kill is "later" */
    $phase['later'] += $phase['before_move'];
    $phase['before_move'] = 0;
}
/* latency of successful requests before the kill (after the first second's
 * connection set-up): the cost of the path, e.g. an extra hop */
$latBefore = [];
foreach ($rows as $r) {
    if ($r['status'] === '200' && (float) $r['start'] >= 1.0 && (float) $r['end'] < $kill) {
        $latBefore[] = ((float) $r['end'] - (float) $r['start']) * 1000;
    }
}
sort($latBefore);
$pct = fn(array $v, float $q) => $v ? $v[min(count($v) - 1, (int) floor($q * count($v)))] : null;
/* where acknowledged writes went once the old master was back */
$afterReturn = ['db1' => 0, 'db2' => 0];
$lastWrite = null;
foreach ($rows as $r) {
    if ($r['kind'] !== 'write' || $r['status'] !== '200') {
        continue;
    }
    if ($returned !== null && (float) $r['start'] >= $returned) {
        $afterReturn[$r['server'] === $newPort ? 'db2' : 'db1']++;
    }
    if (!$lastWrite || (float) $r['end'] > (float) $lastWrite['end']) {
        $lastWrite = $r;
    }
}
/* the final master: the server that acknowledged the last write */
$finalName = $fault === 'kill' && $lastWrite && $lastWrite['server'] === $oldPort && isset($o['db1-ids']) ? 'db1' : 'db2';

/* the election, from the election file's changed_at (or the first request on the new master) */
$election = null;
if (is_file("$outDir/election-file.txt") && preg_match('/^changed_at: (\d+)/m', file_get_contents("$outDir/election-file.txt"), $m)
    && preg_match('/^epoch: (\d+)/m', file_get_contents("$outDir/election-file.txt"), $e) && (int) $e[1] > 1) {
    $election = (int) $m[1] / 1000 - $t0Wall;
}
$ok = $failed = $inFlightAtKill = $afterElection = $betweenKillAndElection = $cutFailedAfterElection = 0;
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
    $perSecond[$sec] ??= ['ok' => 0, 'failed' => 0, 'lat' => [], 'db1' => 0, 'db2' => 0];
    $perSecond[$sec][$good ? 'ok' : 'failed']++;
    if ($good) {
        $perSecond[$sec][$r['server'] === $newPort ? 'db2' : 'db1']++;
    }
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
        /* the partition's cut-off node cannot reach the new master: its
         * failures are what a cut costs, counted apart below */
        if ($r['node'] === $cutNode) {
            $cutFailedAfterElection++;
        } else {
            $afterElection++;
        }
    } else {
        $betweenKillAndElection++;
    }
}
if ($election === null) {
    /* no election (extension off): everything that failed after the kill counts */
    $afterElection = $betweenKillAndElection;
    $betweenKillAndElection = 0;
}

/* acknowledged writes vs the final master (and the other server, if it is up) */
$acked = array_column(array_filter($rows, fn($r) => $r['kind'] === 'write' && $r['status'] === '200'), 'id');
$ids = ['db2' => $readIds($o['db2-ids'])];
if (isset($o['db1-ids'])) {
    $ids['db1'] = $readIds($o['db1-ids']);
}
$missingOn = [];
foreach ($ids as $n => $set) {
    $missingOn[$n] = array_values(array_filter($acked, fn($id) => !isset($set[$id])));
}
$missing = $missingOn[$finalName];

/* writes after the election, by the server that acknowledged them */
$writesAfter = ['db1' => 0, 'db2' => 0, 'failed' => 0];
foreach ($rows as $r) {
    if ($election !== null && $r['kind'] === 'write' && (float) $r['start'] >= $election) {
        $writesAfter[$r['status'] !== '200' ? 'failed' : ($r['server'] === $newPort ? 'db2' : 'db1')]++;
    }
}

/* the partition: what the cut-off node got from the old master */
$part = null;
if ($fault === 'partition') {
    $part = ['answered_by_db1_after_election' => 0, 'last_db1_answer_after_election_ms' => null,
        'writes_acked_by_db1_after_cut' => 0, 'of_those_missing_on_db2' => 0, 'failed_after_election_on_cut_node' => $cutFailedAfterElection,
        'db1_binlog_not_on_db2' => (int) ($o['db1-not-on-db2'] ?? 0)];
    foreach ($rows as $r) {
        if ($r['status'] !== '200' || $r['server'] !== $oldPort) {
            continue;
        }
        if ($r['kind'] === 'write' && (float) $r['end'] >= $kill) {
            $part['writes_acked_by_db1_after_cut']++;
            $part['of_those_missing_on_db2'] += isset($ids['db2'][$r['id']]) ? 0 : 1;
        }
        if ($election !== null && (float) $r['end'] >= $election) {
            $part['answered_by_db1_after_election']++;
            $part['last_db1_answer_after_election_ms'] = max($part['last_db1_answer_after_election_ms'] ?? 0,
                round(((float) $r['end'] - $election) * 1000, 1));
        }
    }
}

/* the switchover: the call, the failures and their window, diverged rows */
$sw = null;
if ($fault === 'switchover') {
    [$swStart, $swEnd, $swOutcome] = array_pad(explode(' ', trim((string) @file_get_contents($o['switchover'])), 3), 3, '?');
    $sw = ['call_start' => round((float) $swStart - $t0Wall, 3), 'call_ms' => round(((float) $swEnd - (float) $swStart) * 1000, 1),
        'outcome' => $swOutcome, 'failed' => 0, 'failed_writes' => 0, 'first_failure' => null, 'last_failure' => null,
        'diverged' => count(array_diff_key($ids['db1'] ?? [], $ids['db2']))];
    foreach ($rows as $r) {
        if ($r['status'] === '200') {
            continue;
        }
        $sw['failed']++;
        $sw['failed_writes'] += $r['kind'] === 'write' ? 1 : 0;
        $sw['first_failure'] = min($sw['first_failure'] ?? INF, (float) $r['start']);
        $sw['last_failure'] = max($sw['last_failure'] ?? 0, (float) $r['end']);
    }
    $sw['failure_window_ms'] = $sw['failed'] ? round(($sw['last_failure'] - $sw['first_failure']) * 1000, 1) : 0;
}

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
$L[] = sprintf('  by phase: before the kill %d, in flight at the kill %d, between the kill and the first write on db2 %d, later %d',
    $phase['before'], $phase['in_flight'], $phase['before_move'], $phase['later']);
$L[] = sprintf('latency before the kill (successful requests from 1 s on): p50 %s ms, p95 %s ms',
    $latBefore ? sprintf('%.1f', $pct($latBefore, 0.5)) : '-', $latBefore ? sprintf('%.1f', $pct($latBefore, 0.95)) : '-');
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
$T = [[$kill, ['kill' => 'kill', 'partition' => 'cut', 'switchover' => 'switchover starts'][$fault] ?? $fault]];
if ($election !== null) {
    $T[] = [$election, sprintf('election written (+%.1f ms after the kill)', ($election - $kill) * 1000)];
}
foreach ($firstNew as $n => $r) {
    $T[] = [(float) $r['end'], sprintf('%s: first request answered by db2 (started %.3f, +%.1f ms after the %s)', $n,
        (float) $r['start'], (((float) $r['end']) - ($election ?? $kill)) * 1000, $election !== null ? 'election' : 'kill')];
}
if ($move !== null) {
    $T[] = [$move, sprintf('first write acknowledged by db2 (+%.1f ms after the kill)', ($move - $kill) * 1000)];
}
if ($returned !== null) {
    $T[] = [$returned, 'db1 (the old master) answers again'];
}
/* HAProxy's state changes, stamped with the wall clock by demo/run */
foreach (is_file($o['haproxy-log'] ?? '') ? file($o['haproxy-log'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) : [] as $line) {
    if (preg_match('/^(\d+\.\d+) (.*)$/', $line, $m)) {
        $T[] = [(float) $m[1] - $t0Wall, 'haproxy: ' . substr(preg_replace('/^\[\w+\]\s+\(\d+\) : /', '', $m[2]), 0, 140)];
    }
}
usort($T, fn($a, $b) => $a[0] <=> $b[0]);
foreach ($T as [$t, $text]) {
    $L[] = sprintf('  %8.3f  %s', $t, $text);
}
foreach (file($o['election-log'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
    $L[] = '  log: ' . $line;
}
if ($slowest) {
    $L[] = sprintf('  slowest request around the failover: %.1f ms (%s on %s, started %.3f, status %s)', $slowest[1] * 1000,
        $slowest[0]['kind'], $slowest[0]['node'] ?: '-', (float) $slowest[0]['start'], $slowest[0]['status']);
}
$L[] = '';
$L[] = sprintf('data: %d writes acknowledged, %d found on %s (the final master), acknowledged and missing: %d', count($acked),
    count($acked) - count($missing), $finalName, count($missing));
foreach ($missingOn as $n => $m) {
    if ($n !== $finalName) {
        $L[] = sprintf('  on %s (the other server): %d of them missing', $n, count($m));
    }
}
if ($returned !== null) {
    $L[] = sprintf('  writes acknowledged after db1 came back: %d by db1, %d by db2', $afterReturn['db1'], $afterReturn['db2']);
}
foreach (array_slice($missing, 0, 10) as $id) {
    $L[] = "  missing: $id";
}
if ($election !== null) {
    $L[] = sprintf('writes after the election: %d acknowledged by db2, %d by db1, %d failed', $writesAfter['db2'], $writesAfter['db1'],
        $writesAfter['failed']);
}
if ($part !== null) {
    $L[] = sprintf('partition: %s (cut off with db1) was answered by db1 %d times after the election, the last %s ms after it;',
        $cutNode, $part['answered_by_db1_after_election'], $part['last_db1_answer_after_election_ms'] ?? '-');
    $L[] = sprintf('  writes acknowledged by db1 after the cut: %d, of them missing on db2: %d; %s failed %d requests after the election;',
        $part['writes_acked_by_db1_after_cut'], $part['of_those_missing_on_db2'], $cutNode, $part['failed_after_election_on_cut_node']);
    $L[] = sprintf('  db1 took %d transactions into its binary log that db2 never received (none acknowledged unless counted above)',
        $part['db1_binlog_not_on_db2']);
}
if ($sw !== null) {
    $L[] = sprintf('switchover: acq_db_switchover() at %.3f s took %.1f ms (%s); %d requests failed (%d writes)%s', $sw['call_start'],
        $sw['call_ms'], $sw['outcome'], $sw['failed'], $sw['failed_writes'], $sw['failed'] ? sprintf(', between %.3f and %.3f s (%.1f ms)',
        $sw['first_failure'], $sw['last_failure'], $sw['failure_window_ms']) : '');
    $L[] = sprintf('  rows on db1 that db2 lacks (diverged): %d', $sw['diverged']);
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
    $dat .= sprintf("%d %d %d %.1f %.1f %d %d\n", $s, $v['ok'], $v['failed'], $p(0.5), $p(0.99), $v['db1'], $v['db2']);
}
file_put_contents("$outDir/per-second.dat", "# second ok failed p50_ms p99_ms ok_on_db1 ok_on_db2\n" . $dat);
$round = fn($x, $d = 3) => $x === null ? null : round($x, $d);
file_put_contents("$outDir/summary.json", json_encode([
    'mode' => $o['mode'], 'what' => $o['what'], 'kill' => $round($kill), 'election' => $round($election),
    'move' => $round($move), 'returned' => $round($returned), 'sent' => count($rows), 'failed' => $failed,
    'failed_by_phase' => $phase, 'kill_to_first_write_on_new_ms' => $move === null ? null : round(($move - $kill) * 1000, 1),
    'writes_after_return' => $returned === null ? null : $afterReturn, 'acked' => count($acked), 'final_master' => $finalName,
    'acked_lost' => count($missing), 'acked_missing_on' => array_map('count', $missingOn),
    'fault' => $fault, 'writes_after_election' => $election === null ? null : $writesAfter, 'partition' => $part,
    'switchover' => $sw === null ? null : array_diff_key($sw, ['first_failure' => 1, 'last_failure' => 1]),
    'p50_ms_before_kill' => $round($pct($latBefore, 0.5), 2), 'p95_ms_before_kill' => $round($pct($latBefore, 0.95), 2),
], JSON_PRETTY_PRINT) . "\n");
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
/* a switchover's failures are writes in flight during the switch: measured,
 * not a failure of the drill; lost or diverged rows are */
$bad = count($missing) > 0 || ($fault !== 'switchover' && $afterElection > 0) || ($sw !== null && ($sw['diverged'] > 0 || $sw['outcome'] !== 'ok'))
    || ($part !== null && $part['of_those_missing_on_db2'] > 0);
exit($bad ? 1 : 0);
