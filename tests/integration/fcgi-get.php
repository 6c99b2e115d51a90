<?php
/*
 * A minimal FastCGI client for tests/integration/fs-faults.sh: one GET of
 * SCRIPT on php-fpm's unix socket, the response body (headers cut) on
 * stdout; exit 1 when the socket or the response fails within TIMEOUT
 * seconds. Debian's cgi-fcgi (libfcgi-bin) would do, but is one more package.
 *
 * usage: php fcgi-get.php SOCKET SCRIPT [TIMEOUT_S]
 */
if ($argc < 3) {
    fwrite(STDERR, "usage: fcgi-get.php SOCKET SCRIPT [TIMEOUT_S]\n");
    exit(2);
}
[, $sock, $script] = $argv;
$timeout = (float) ($argv[3] ?? 5);
$s = @stream_socket_client("unix://$sock", $errno, $errstr, $timeout);
if (!$s) {
    fwrite(STDERR, "fcgi-get: $sock: $errstr\n");
    exit(1);
}
stream_set_timeout($s, (int) ceil($timeout));
function fcgi_record(int $type, string $body): string
{
    return pack('CCnnCx', 1, $type, 1, strlen($body), 0) . $body;
}
function fcgi_pair(string $k, string $v): string
{
    $len = fn (string $x) => strlen($x) < 128 ? chr(strlen($x)) : pack('N', strlen($x) | 0x80000000);
    return $len($k) . $len($v) . $k . $v;
}
$params = '';
foreach (['SCRIPT_FILENAME' => $script, 'REQUEST_METHOD' => 'GET', 'SCRIPT_NAME' => '/' . basename($script),
    'REQUEST_URI' => '/' . basename($script), 'QUERY_STRING' => '', 'SERVER_PROTOCOL' => 'HTTP/1.1',
    'GATEWAY_INTERFACE' => 'CGI/1.1', 'REMOTE_ADDR' => '127.0.0.1', 'SERVER_NAME' => 'localhost'] as $k => $v) {
    $params .= fcgi_pair($k, $v);
}
fwrite($s, fcgi_record(1, pack('nCx5', 1, 0)) . fcgi_record(4, $params) . fcgi_record(4, '') . fcgi_record(5, ''));
$out = '';
$end = microtime(true) + $timeout;
while (microtime(true) < $end) {
    $h = fread($s, 8);
    if ($h === false || strlen($h) < 8) {
        break;
    }
    $r = unpack('Cversion/Ctype/nid/nlen/Cpad', $h);
    $body = $r['len'] ? stream_get_contents($s, $r['len']) : '';
    if ($r['pad']) {
        fread($s, $r['pad']);
    }
    if ($r['type'] === 6) {
        $out .= $body;
    } elseif ($r['type'] === 3) {
        $p = strpos($out, "\r\n\r\n");
        echo $p === false ? $out : substr($out, $p + 4);
        exit(0);
    }
}
fwrite(STDERR, "fcgi-get: no complete response within {$timeout} s\n");
exit(1);
