<?php
/*
 * A load balancer's health check of this web node (docs/failover.md, "A node
 * alone in failing"): 200 while the node reaches the active master through
 * acq_db, 503 when it cannot. A node whose own path to a master that its
 * replicas still see is broken gets acq_db's "alive per db2's replication"
 * refusal, is flagged in acq_db_status()['isolated'] and answers 503 with that
 * reason, so the balancer takes it out; it answers 200 again by itself once
 * its path heals. Copy it next to the application's settings.php.
 */
require __DIR__ . '/common.php';
try {
    demo_connect()->query('SELECT 1');
    demo_reply(200, ['ok' => true]);
} catch (Throwable $e) {
    $isolated = function_exists('acq_db_status') ? (acq_db_status()['isolated'] ?? null) : null;
    demo_reply(503, ['ok' => false, 'error' => $e->getMessage(), 'isolated' => $isolated]);
}
