<?php
/*
 * Per-call cost of acq_db_active() against baselines, measured in one run.
 * Each candidate runs in the same loop shape; the empty loop's cost is
 * subtracted; the median of ROUNDS rounds is reported. Run via bench/active.sh,
 * which prepares the election file(s) and the INI settings.
 *
 * usage: php [ini...] active.php LOCAL_FILE [GLUSTER_FILE]
 */
const ROUNDS = 7;

$local = $argv[1] ?? null;
$gluster = $argv[2] ?? null;
$iters = (int) (getenv('ACQ_BENCH_ITERS') ?: 2000000);
$fileIters = (int) (getenv('ACQ_BENCH_FILE_ITERS') ?: 20000);

function literal_array(): array { return ['host' => '10.0.0.11', 'port' => 3306]; }

function parse_election(string $path): array
{
    $out = [];
    foreach (explode("\n", file_get_contents($path)) as $line) {
        if ($line === '' || $line[0] === '#') {
            continue;
        }
        [$k, $v] = explode(': ', $line, 2) + [1 => ''];
        $out[$k] = $v;
    }
    return $out;
}

/* ns per call of $fn over $n calls, loop overhead removed, median of rounds */
function measure(callable $body, int $n): float
{
    $samples = [];
    for ($r = 0; $r < ROUNDS; $r++) {
        $samples[] = $body($n);
    }
    sort($samples);
    return $samples[intdiv(ROUNDS, 2)];
}

function timed(callable $loop): callable
{
    return function (int $n) use ($loop): float {
        $t = hrtime(true);
        $loop($n);
        return (hrtime(true) - $t) / $n;
    };
}

$empty = measure(timed(function ($n) { for ($i = 0; $i < $n; $i++) { } }), $iters);
$cases = [];
$cases['acq_db_active()'] = measure(timed(function ($n) { for ($i = 0; $i < $n; $i++) { acq_db_active(); } }), $iters) - $empty;
$cases['php_sapi_name()'] = measure(timed(function ($n) { for ($i = 0; $i < $n; $i++) { php_sapi_name(); } }), $iters) - $empty;
$cases['user fn, literal array'] = measure(timed(function ($n) { for ($i = 0; $i < $n; $i++) { literal_array(); } }), $iters) - $empty;
if (function_exists('apcu_store') && apcu_enabled()) {
    apcu_store('acq_bench', ['host' => '10.0.0.11', 'port' => 3306]);
    $cases['apcu_fetch()'] = measure(timed(function ($n) { for ($i = 0; $i < $n; $i++) { apcu_fetch('acq_bench'); } }), $iters) - $empty;
}
$cases['file_get_contents+parse, local'] = measure(timed(function ($n) use ($local) {
    for ($i = 0; $i < $n; $i++) { parse_election($local); clearstatcache(); }
}), $fileIters) - $empty;
if ($gluster) {
    $cases['file_get_contents+parse, GlusterFS'] = measure(timed(function ($n) use ($gluster) {
        for ($i = 0; $i < $n; $i++) { parse_election($gluster); clearstatcache(); }
    }), intdiv($fileIters, 4)) - $empty;
}

$active = $cases['acq_db_active()'];
printf("%-36s %12s %14s\n", 'per call', 'ns', 'x acq_db_active');
foreach ($cases as $name => $ns) {
    printf("%-36s %12.1f %14.2f\n", $name, $ns, $ns / $active);
}
printf("\nacq_db_active() / php_sapi_name() = %.2f (goal <= 2)\n", $active / $cases['php_sapi_name()']);
printf("file_get_contents+parse local / acq_db_active() = %.0f (goal >= 100)\n", $cases['file_get_contents+parse, local'] / $active);
if ($gluster) {
    printf("file_get_contents+parse GlusterFS / acq_db_active() = %.0f\n", $cases['file_get_contents+parse, GlusterFS'] / $active);
}
printf("PHP %s, %d rounds, median, empty loop (%.1f ns) subtracted\n", PHP_VERSION, ROUNDS, $empty);
