<?php
/*
 * Connects like Drupal's MySQL driver (PDO, exceptions on) and answers JSON.
 * Every response names the web node and the database server that answered.
 */
require __DIR__ . '/settings.php';

function demo_connect(): PDO
{
    global $databases;
    $c = $databases['default']['default'];
    $dsn = "mysql:host={$c['host']};port={$c['port']};dbname={$c['database']}";
    return new PDO($dsn, $c['username'], $c['password'], [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::ATTR_TIMEOUT => 30,
    ]);
}

function demo_reply(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    $body['node'] = getenv('ACQ_DEMO_NODE') ?: gethostname();
    echo json_encode($body), "\n";
}

function demo_run(callable $work): void
{
    try {
        $pdo = demo_connect();
        $server = (int) $pdo->query('SELECT @@port')->fetchColumn();
        demo_reply(200, $work($pdo) + ['server' => $server]);
    } catch (Throwable $e) {
        demo_reply(503, ['error' => $e->getMessage(), 'code' => $e->getCode()]);
    }
}
