--TEST--
A truncated election file: a process without a good read fails closed; one with a good read keeps it and warns once
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/bad_truncated.election
error_log={PWD}/bad_truncated.log
acq_db.recheck_ms=0
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$file = ini_get('acq_db.election_file');
file_put_contents($file, substr(acq_test_file(2, "db2"), 0, 60));
try {
    acq_db_active();
    echo "no exception!\n";
} catch (AcqDbException $e) {
    echo "no good read: ", $e->getCode() === ACQ_DB_E_CORRUPT ? 'ACQ_DB_E_CORRUPT' : $e->getCode(), ": ", $e->getMessage(), "\n";
}
file_put_contents($file, acq_test_file(1, 'db2'));
echo "good read: ", acq_db_active()['host'], "\n";
file_put_contents($file, substr(acq_test_file(2, "db2"), 0, 60));
for ($i = 0; $i < 3; $i++) {
    echo "after: ", acq_db_active()['host'], "\n";
}
$s = acq_db_status();
var_dump($s['ok'], $s['epoch'], str_contains($s['last_error'], $e->getMessage() === '' ? 'x' : explode(': ', $s['last_error'])[0]));
echo "warnings logged: ", substr_count(file_get_contents(__DIR__ . '/bad_truncated.log'), 'acq_db: keeping active server db2 (epoch 1)'), "\n";
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/bad_truncated.election'); @unlink(__DIR__ . '/bad_truncated.log'); ?>
--EXPECTF--
no good read: ACQ_DB_E_CORRUPT: election file %s/bad_truncated.election %s%s (truncated or torn write)%s
good read: 127.0.0.2
after: 127.0.0.2
after: 127.0.0.2
after: 127.0.0.2
bool(false)
int(1)
bool(true)
warnings logged: 1
