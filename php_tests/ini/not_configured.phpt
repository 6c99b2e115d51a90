--TEST--
INI: nothing configured: every function says what is missing; ini_set cannot change the settings at runtime
--EXTENSIONS--
acq_db
--FILE--
<?php
foreach (['acq_db_active', 'acq_db_status', 'acq_db_init', 'acq_db_failover'] as $f) {
    try { $f(); } catch (AcqDbException $e) { echo "$f: ", $e->getMessage(), "\n"; }
}
var_dump(ini_set('acq_db.servers', 'db1=h'));
var_dump(ini_get('acq_db.recheck_ms'), ini_get('acq_db.lock_timeout_ms'), ini_get('acq_db.connect_timeout_ms'), ini_get('acq_db.failover_hold_ms'), ini_get('acq_db.routing'));
?>
--EXPECT--
acq_db_active: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
acq_db_status: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
acq_db_init: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
acq_db_failover: acq_db is not configured: acq_db.servers is not set (e.g. acq_db.servers="db1=10.0.0.11:3306,db2=10.0.0.12:3306")
bool(false)
string(4) "1000"
string(4) "5000"
string(4) "1000"
string(5) "60000"
string(1) "1"
