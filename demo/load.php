<?php
/*
 * The drill's load generator: a steady mixed read/write load over HTTP at a
 * fixed rate (open loop: a slow server does not slow the schedule down), at
 * most --concurrency requests in flight, through non-blocking sockets. At
 * --kill-at seconds it sends --kill-signal (KILL or STOP) to --kill-pid (the
 * active MariaDB) and records the moment; with --kill-cmd it runs that shell
 * command instead (the partition drill's cut, the switchover drill's
 * acq_db_switchover()) and records the moment it returned. Every request is one
 * CSV line: seq,kind,id,start,end,status,node,server,cause (times in seconds
 * since the start, microsecond resolution).
 *
 * usage: php load.php --url http://127.0.0.1:18080 --rate 100 --duration 20
 *        --write-ratio 0.3 --concurrency 32 --kill-at 8 --kill-pid PID --kill-signal KILL --out FILE
 *        (or --kill-cmd 'ip link set veth0 down' instead of --kill-pid)
 */
$o = getopt('', ['url:', 'rate:', 'duration:', 'write-ratio:', 'concurrency:', 'kill-at:', 'kill-pid:', 'kill-signal:', 'kill-cmd:', 'out:']);
$url = parse_url($o['url'] ?? 'http://127.0.0.1:18080');
$rate = (float) ($o['rate'] ?? 100);
$duration = (float) ($o['duration'] ?? 20);
$writeRatio = (float) ($o['write-ratio'] ?? 0.3);
$maxInFlight = (int) ($o['concurrency'] ?? 32);
$killAt = isset($o['kill-at']) ? (float) $o['kill-at'] : null;
$killPid = (int) ($o['kill-pid'] ?? 0);
$killSignal = ($o['kill-signal'] ?? 'KILL') === 'STOP' ? 19 : 9; /* SIGSTOP : SIGKILL */
$killCmd = $o['kill-cmd'] ?? null;
$out = fopen($o['out'] ?? 'php://stdout', 'w');
$host = $url['host'];
$port = $url['port'] ?? 80;
const REQUEST_TIMEOUT = 30.0;

$t0 = hrtime(true);
$t0Wall = microtime(true);
$now = fn(): float => (hrtime(true) - $t0) / 1e9;
$runId = bin2hex(random_bytes(4));
$inFlight = [];
$seq = 0;
$killed = null;
fputcsv($out, ['seq', 'kind', 'id', 'start', 'end', 'status', 'node', 'server', 'cause'], ',', '"', '');

function finish(array $r, float $end, $out): void
{
    [$head, $body] = array_pad(explode("\r\n\r\n", $r['buf'], 2), 2, '');
    $status = preg_match('#^HTTP/\S+ (\d{3})#', $head, $m) ? (int) $m[1] : 0;
    $json = json_decode(trim($body), true) ?: [];
    $cause = $r['cause'] ?? ($status === 200 ? '' : ($json['error'] ?? ($status ? "HTTP $status" : 'no response')));
    $cause = preg_replace('/\s+/', ' ', (string) $cause);
    /* the node, from the answer or else from the balancer's header naming
     * the pool's socket (.../web2/fpm.sock), e.g. on a 504 */
    $node = $json['node'] ?? (preg_match('#^X-Acq-Upstream: .*/(web\d+)/fpm\.sock#mi', $head, $m) ? $m[1] : '');
    fputcsv($out, [$r['seq'], $r['kind'], $r['id'], sprintf('%.6f', $r['start']), sprintf('%.6f', $end),
        $status, $node, $json['server'] ?? '', $cause], ',', '"', ''); /* escape given: PHP 8.4 deprecates the default */
}

while (true) {
    $t = $now();
    if ($killAt !== null && $killed === null && $t >= $killAt) {
        if ($killCmd !== null) {
            /* the fault is in effect once the command has returned (a
             * command that must not stall the schedule backgrounds itself) */
            exec($killCmd, $cmdOut, $cmdRc);
            $killed = $now();
            fwrite(STDERR, sprintf("load: ran the fault command at %.3f s: exit %d\n", $killed, $cmdRc));
        } else {
            /* a signal, not a command: the moment recorded is the moment it happened */
            $sent = posix_kill($killPid, $killSignal);
            $killed = $now();
            fwrite(STDERR, sprintf("load: signal %d to pid %d at %.3f s: %s\n", $killSignal, $killPid, $killed, $sent ? 'sent' : 'FAILED'));
        }
        file_put_contents(($o['out'] ?? 'load') . '.kill', json_encode(['kill' => $killed, 't0_wall' => $t0Wall]) . "\n");
    }
    /* start what the schedule says is due */
    while ($t < $duration && $seq < (int) floor($t * $rate) + 1 && count($inFlight) < $maxInFlight) {
        $seq++;
        $write = mt_rand() / mt_getrandmax() < $writeRatio;
        $id = $write ? "$runId-$seq" : '';
        $path = $write ? "/write.php?id=$id" : '/read.php';
        $s = @stream_socket_client("tcp://$host:$port", $errno, $errstr, 0, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
        $r = ['seq' => $seq, 'kind' => $write ? 'write' : 'read', 'id' => $id, 'start' => $now(), 'buf' => '',
            'req' => "GET $path HTTP/1.0\r\nHost: $host\r\nConnection: close\r\n\r\n", 'sent' => false];
        if (!$s) {
            $r['cause'] = "connect to the balancer: $errstr";
            finish($r, $now(), $out);
            continue;
        }
        stream_set_blocking($s, false);
        $inFlight[(int) $s] = $r + ['sock' => $s];
    }
    if ($t >= $duration && !$inFlight) {
        break;
    }
    $read = $write = [];
    foreach ($inFlight as $k => $r) {
        if ($r['sent']) {
            $read[] = $r['sock'];
        } else {
            $write[] = $r['sock'];
        }
    }
    $next = $seq / $rate;  /* when the next request is due */
    $wait = max(0.0, min(0.05, $next - $now()));
    $except = null;
    if ($read || $write) {
        @stream_select($read, $write, $except, 0, (int) ($wait * 1e6));
    } else {
        usleep((int) ($wait * 1e6));
    }
    foreach ($write as $s) {
        $k = (int) $s;
        @fwrite($s, $inFlight[$k]['req']);
        $inFlight[$k]['sent'] = true;
    }
    foreach ($read as $s) {
        $k = (int) $s;
        $chunk = @fread($s, 65536);
        if ($chunk !== false && $chunk !== '') {
            $inFlight[$k]['buf'] .= $chunk;
        }
        if (feof($s) || $chunk === false) {
            finish($inFlight[$k], $now(), $out);
            fclose($s);
            unset($inFlight[$k]);
        }
    }
    foreach ($inFlight as $k => $r) {
        if ($now() - $r['start'] > REQUEST_TIMEOUT) {
            $r['cause'] = 'timeout';
            finish($r, $now(), $out);
            fclose($r['sock']);
            unset($inFlight[$k]);
        }
    }
}
fclose($out);
