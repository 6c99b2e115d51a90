<?php
// The application side of tests/integration/promote.sh: writes through
// acq_db's routing as a web request would (a new PDO connection per write,
// user acq_app, aimed at the member db1), and the operator's calls.
//   promote.php write PREFIX N             N writes; prints "ok ID" / "err CODE MESSAGE"
//   promote.php loop PREFIX STOPFILE OUT   writes until STOPFILE exists; one line per write in OUT
//   promote.php hold READYFILE GOFILE     one connection, kept until GOFILE; was it killed or moved?
//   promote.php failover TARGET            acq_db_switchover(); prints the new active or "ERR: ..."
//   promote.php status                     acq_db_status() as JSON
[$self, $mode] = [$argv[0], $argv[1] ?? ''];
$member = getenv('ACQ_PROMOTE_MEMBER') ?: '127.0.0.31:35001';
// HOST:PORT; an IPv6 host as it is (::1:3306): the port is after the last colon
$mhost = substr($member, 0, strrpos($member, ':'));
$mport = substr($member, strrpos($member, ':') + 1);

function write_one(string $host, string $port, string $id): array
{
	$t = microtime(true);
	try {
		$pdo = new PDO("mysql:host=$host;port=$port;dbname=acq_test", 'acq_app', 'acq',
			[PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 5]);
		$st = $pdo->prepare('INSERT INTO writes (id, node) VALUES (?, @@hostname)');
		$st->execute([$id]);
		$server = $pdo->query('SELECT @@port')->fetchColumn();
		$pdo = null;
		return [true, sprintf('ok %s %.6f %s', $id, $t, $server)];
	} catch (Throwable $e) {
		$code = $e instanceof PDOException && isset($e->errorInfo[1]) ? $e->errorInfo[1] : $e->getCode();
		return [false, sprintf('err %s %.6f %s %s', $id, $t, $code, str_replace("\n", ' ', $e->getMessage()))];
	}
}

switch ($mode) {
case 'write':
	[, , $prefix, $n] = $argv;
	for ($i = 1; $i <= (int) $n; $i++) {
		echo write_one($mhost, $mport, "$prefix-$i")[1], "\n";
	}
	break;
case 'loop':
	[, , $prefix, $stop, $out] = $argv;
	$fh = fopen($out, 'a');
	for ($i = 1; !file_exists($stop); $i++) {
		fwrite($fh, write_one($mhost, $mport, "$prefix-$i")[1] . "\n");
		fflush($fh);
		usleep(2000);
	}
	fclose($fh);
	break;
case 'hold':
	// one long-lived application connection: is it ended by the fencing?
	[, , $ready, $go] = $argv;
	$pdo = new PDO("mysql:host=$mhost;port=$mport;dbname=acq_test", 'acq_app', 'acq', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
	file_put_contents($ready, $pdo->query('SELECT @@port')->fetchColumn());
	while (!file_exists($go)) {
		usleep(10000);
	}
	try {
		// statement-time fencing (docs/failover.md) moves an idle connection
		// to the new master before its next statement; it must never run there
		$port = $pdo->query('SELECT @@port')->fetchColumn();
		echo $port == $mport ? "still on the old master\n" : "moved: $port\n";
	} catch (Throwable $e) {
		echo 'ended: ', $e->getMessage(), "\n";
	}
	break;
case 'failover':
	try {
		$s = acq_db_switchover($argv[2], 'planned switchover test');
		echo $s['active'], "\n";
	} catch (Throwable $e) {
		echo 'ERR: ', get_class($e), ': ', $e->getMessage(), "\n";
	}
	break;
case 'status':
	echo json_encode(acq_db_status()), "\n";
	break;
default:
	fwrite(STDERR, "usage: $self write|loop|failover|status ...\n");
	exit(2);
}
