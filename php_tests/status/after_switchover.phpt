--TEST--
acq_db_status() after a switchover: active flags move, a demoted server stays demoted, the old master is not demoted
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_status_after_switchover.election
error_log={TMP}/acq_db_status_after_switchover.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(3, 'db1', ['db3']));
$s = acq_db_switchover('db2');
echo 'demoted: ', json_encode($s['demoted']), "\n";
foreach (acq_db_status()['servers'] as $x) {
    echo $x['name'], ' active=', json_encode($x['active']), ' demoted=', json_encode($x['demoted']), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('status_after_switchover');
?>
--EXPECT--
demoted: ["db3"]
db1 active=false demoted=false
db2 active=true demoted=false
db3 active=false demoted=true
