--TEST--
acq_db.state_dir that does not exist: one warning, node sharing off, this process reads the election file itself and works; status says why
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_active_state_dir_missing.election
error_log={TMP}/acq_db_active_state_dir_missing.log
acq_db.state_dir=/nonexistent/acq_db_state
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(3, 'db2'));
echo json_encode(acq_db_active()), "\n";
$p = acq_db_status()['poller'];
echo "mode {$p['mode']}, leads ", json_encode($p['leader']), "\n";
echo $p['fallback_reason'], "\n";
foreach (acq_test_log_lines() as $l) {
    echo substr($l, strpos($l, 'acq_db: ')), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('active_state_dir_missing');
?>
--EXPECTF--
{"host":"127.0.0.2","port":3307}
mode process, leads true
cannot open the node's state page /nonexistent/acq_db_state/acq_db.%s: No such file or directory (acq_db.state_dir must be a writable local directory, e.g. /dev/shm)
acq_db: node sharing off, this process reads the election file itself: cannot open the node's state page /nonexistent/acq_db_state/acq_db.%s: No such file or directory (acq_db.state_dir must be a writable local directory, e.g. /dev/shm)
