<?php
/*
 * The demo application's settings.php, written the way Drupal's is: the
 * connection array comes from acq_db_active(). With the extension off (the
 * comparison drill) it is the static address of the first server, as a site
 * without acq_db would have until someone edits it.
 */
$databases['default']['default'] = (function_exists('acq_db_active')
        ? acq_db_active()
        : ['host' => getenv('ACQ_DEMO_STATIC_HOST'), 'port' => (int) getenv('ACQ_DEMO_STATIC_PORT')])
    + [
        'database' => 'acq_test',
        'username' => 'acq_app',
        'password' => 'acq',
        'driver' => 'mysql',
    ];
