<?php
/*
 * The arithmetic of bench/propagation.sh for one configuration: from the
 * switchovers (SWITCHES, JSON lines) and the workers' OUT files
 * (DIR/nodeN-*.out) it computes each switchover's lag per process (first
 * sighting of the new host minus the switchover's commit time), takes the
 * max over the processes of the other nodes (mounts 2 and 3) and,
 * separately, over mount 1's own processes, and prints p50 and max of those
 * per-switchover maxima. From the counter marks it prints acq_db's own read
 * counts per node over the idle interval. Prints one JSON object on the last
 * line for the comparison.
 *
 * usage: php propagation-report.php LABEL SWITCHES DIR
 */
[, $label, $switchFile, $dir] = $argv;
$switches = array_map(fn ($l) => json_decode($l, true), file($switchFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES));

function prop_pct(array $v, float $p): ?float
{
    if (!$v) {
        return null;
    }
    sort($v);
    return $v[(int) floor($p * (count($v) - 1))];
}

$lagOther = $lagSame = $lagOtherCall = $lagOtherWrite = $lagSameWrite = [];
$missed = 0;
$counters = [];
$errors = 0;
$rates = [];
$errorSamples = [];
$errorsByNode = [];
foreach (glob("$dir/node*-*.out") as $f) {
    preg_match('/node(\d+)-/', basename($f), $m);
    $node = (int) $m[1];
    $seen = [];
    foreach (file($f, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $l) {
        if ($l[0] === 'C') {
            $c = json_decode(substr($l, 2), true);
            if ($c['mark'] === 'stop') {
                $errors += $c['errors'];
                $errorsByNode[$node] = ($errorsByNode[$node] ?? 0) + $c['errors'];
                if ($c['errors']) {
                    $errorSamples[] = basename($f) . ", started " . sprintf('%.3f', $c['started'] ?? 0)
                        . ": first {$c['first_error']}; last {$c['last_error']}";
                }
                $rates[] = $c['calls'] / max($c['seconds'], 1e-3);
            } else {
                $counters[$node][$c['mark']][] = $c;
            }
            continue;
        }
        [$t, $h] = explode(' ', $l);
        $seen[] = [(float) $t, $h];
    }
    foreach ($switches as $i => $s) {
        $until = $switches[$i + 1]['t_call'] ?? INF;
        $first = null;
        foreach ($seen as [$t, $h]) {
            if ($h === $s['host'] && $t >= $s['t_call'] && $t < $until) {
                $first = $t;
                break;
            }
        }
        if ($first === null) {
            $missed++;
            continue;
        }
        /* negative when the process saw the new file before acq_db_switchover()
         * returned (the rename is the commit; the call returns after it) */
        $lag = ($first - $s['t_commit']) * 1000;
        $lagCall = ($first - $s['t_call']) * 1000;
        $lagWrite = ($first - ($s['changed_at'] ?? $s['t_call'])) * 1000;
        /* every process's lag too: the median process against the slowest
         * tells the reader's delay from the workers' scheduling */
        if ($node === 1) {
            $eachSame[] = $lagWrite;
        } else {
            $eachOther[] = $lagWrite;
        }
        if ($node === 1) {
            $lagSame[$i] = max($lagSame[$i] ?? -INF, $lag);
            $lagSameWrite[$i] = max($lagSameWrite[$i] ?? -INF, $lagWrite);
        } else {
            $lagOther[$i] = max($lagOther[$i] ?? -INF, $lag);
            $lagOtherCall[$i] = max($lagOtherCall[$i] ?? -INF, $lagCall);
            $lagOtherWrite[$i] = max($lagOtherWrite[$i] ?? -INF, $lagWrite);
        }
    }
}

/* acq_db's own counters over the idle interval (mark-idle-start .. mark-idle-end):
 * one shared poller per node counts once, per-process readers add up. */
$readsPerNode = [];
foreach ($counters as $node => $marks) {
    $a = $marks['mark-idle-start'] ?? [];
    $b = $marks['mark-idle-end'] ?? [];
    $byPid = [];
    foreach ([$a, $b] as $side => $list) {
        foreach ($list as $c) {
            $key = isset($c['poller']['pid']) ? 'poller' . $c['poller']['pid'] : 'proc' . $c['pid'];
            $reads = $c['poller']['reads'] ?? $c['reads'];
            $byPid[$key][$side] = $reads;
            $byPid[$key]['t' . $side][] = $c['t'];
        }
    }
    $sum = 0;
    $span = [];
    foreach ($byPid as $v) {
        if (isset($v[0], $v[1])) {
            $sum += $v[1] - $v[0];
            $span[] = max($v['t1']) - min($v['t0']);
        }
    }
    $readsPerNode[$node] = $span ? round($sum / (array_sum($span) / count($span)), 1) : null;
}
ksort($readsPerNode);

$r = ['label' => $label, 'switchovers' => count($switches),
    'lag_other_p50_ms' => prop_pct($lagOther, 0.5), 'lag_other_max_ms' => $lagOther ? max($lagOther) : null,
    'lag_other_from_write_p50_ms' => prop_pct($lagOtherWrite, 0.5),
    'lag_other_from_write_max_ms' => $lagOtherWrite ? max($lagOtherWrite) : null,
    'lag_same_from_write_p50_ms' => prop_pct($lagSameWrite, 0.5),
    'lag_same_from_write_max_ms' => $lagSameWrite ? max($lagSameWrite) : null,
    'lag_other_from_call_p50_ms' => prop_pct($lagOtherCall, 0.5),
    'lag_other_from_call_max_ms' => $lagOtherCall ? max($lagOtherCall) : null,
    'failover_call_ms_p50' => prop_pct(array_map(fn ($s) => ($s['t_commit'] - $s['t_call']) * 1000, $switches), 0.5),
    'lag_same_p50_ms' => prop_pct($lagSame, 0.5), 'lag_same_max_ms' => $lagSame ? max($lagSame) : null,
    'lag_other_from_write_p99_ms' => prop_pct($lagOtherWrite, 0.99),
    'lag_same_from_write_p99_ms' => prop_pct($lagSameWrite, 0.99),
    'lag_other_each_p50_ms' => prop_pct($eachOther ?? [], 0.5), 'lag_same_each_p50_ms' => prop_pct($eachSame ?? [], 0.5),
    'calls_per_s_per_process_p50' => prop_pct($rates, 0.5), 'missed' => $missed, 'active_errors' => $errors, 'acq_db_reads_per_s_per_node' => $readsPerNode];
printf("  %s: %d switchovers; other nodes' lag from the write (changed_at in the file; max over their processes per switchover): p50 %.0f ms, max %.0f ms\n",
    $label, count($switches), $r['lag_other_from_write_p50_ms'], $r['lag_other_from_write_max_ms']);
/* one figure per switchover, so that a max can be told from a p50 shift */
ksort($lagOtherWrite);
ksort($lagSameWrite);
printf("  %s: other nodes' lag from the write per switchover (ms): %s\n", $label,
    implode(' ', array_map(fn ($v) => sprintf('%.0f', $v), $lagOtherWrite)));
printf("  %s: same node's lag from the write per switchover (ms): %s\n", $label,
    implode(' ', array_map(fn ($v) => sprintf('%.0f', $v), $lagSameWrite)));
printf("  %s: same node's lag from the write: p50 %.0f ms, max %.0f ms\n",
    $label, $r['lag_same_from_write_p50_ms'], $r['lag_same_from_write_max_ms']);
printf("  %s: p99 of the per-switchover lags from the write: other nodes %.0f ms, same node %.0f ms\n",
    $label, $r['lag_other_from_write_p99_ms'], $r['lag_same_from_write_p99_ms']);
printf("  %s: the median process's lag from the write (all processes, all switchovers): other nodes %.0f ms, same node %.0f ms\n",
    $label, $r['lag_other_each_p50_ms'] ?? NAN, $r['lag_same_each_p50_ms'] ?? NAN);
printf("  %s: other nodes' lag from the return of acq_db_switchover(): p50 %.0f ms, max %.0f ms\n",
    $label, $r['lag_other_p50_ms'], $r['lag_other_max_ms']);
printf("  %s: the same measured from the start of the acq_db_switchover() call (it took %.0f ms, p50): p50 %.0f ms, max %.0f ms\n",
    $label, $r['failover_call_ms_p50'], $r['lag_other_from_call_p50_ms'], $r['lag_other_from_call_max_ms']);
printf("  %s: same node (mount 1) lag from the return: p50 %.0f ms, max %.0f ms; processes that missed a switchover: %d; acq_db_active() errors: %d\n",
    $label, $r['lag_same_p50_ms'], $r['lag_same_max_ms'], $missed, $errors);
printf("  %s: acq_db_active() calls per second per process (p50): %.0f (1000 if the loop were never delayed)\n",
    $label, $r['calls_per_s_per_process_p50']);
printf("  %s: acq_db's own read counters, reads/s per node: %s\n", $label, json_encode($readsPerNode));
if ($errorsByNode) {
    ksort($errorsByNode);
    printf("  %s: acq_db_active() exceptions per node: %s\n", $label, json_encode($errorsByNode));
}
foreach (array_slice($errorSamples, 0, 3) as $e) {
    echo "  $label: acq_db_active() threw: $e\n";
}
echo json_encode($r), "\n";
