<?php
require __DIR__ . '/common.php';
demo_run(fn(PDO $pdo) => ['rows' => (int) $pdo->query('SELECT COUNT(*) FROM writes')->fetchColumn()]);
