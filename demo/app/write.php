<?php
/* 200 only after the INSERT has committed (autocommit): the id is then
 * "acknowledged" and must survive the failover. */
require __DIR__ . '/common.php';
$id = (string) ($_GET['id'] ?? '');
if (!preg_match('/^[A-Za-z0-9_-]{1,64}$/', $id)) {
    demo_reply(400, ['error' => 'bad id']);
    exit;
}
demo_run(function (PDO $pdo) use ($id) {
    $st = $pdo->prepare('INSERT INTO writes (id, node) VALUES (?, ?)');
    $st->execute([$id, getenv('ACQ_DEMO_NODE') ?: 'web']);
    return ['id' => $id];
});
