--TEST--
AcqDbException codes are the core's acq_db_rc values, exported as ACQ_DB_E_* constants (missing file: 2)
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_errors_exception_codes.election
error_log={TMP}/acq_db_errors_exception_codes.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
foreach (get_defined_constants(true)['acq_db'] as $k => $v) {
    echo $k, ' = ', $v, "\n";
}
try {
    acq_db_active();
} catch (AcqDbException $e) {
    var_dump($e->getCode(), $e->getCode() === ACQ_DB_E_MISSING);
}
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('errors_exception_codes');
?>
--EXPECT--
ACQ_DB_E_INVALID = 1
ACQ_DB_E_MISSING = 2
ACQ_DB_E_CORRUPT = 3
ACQ_DB_E_VERSION = 4
ACQ_DB_E_UNKNOWN_SERVER = 5
ACQ_DB_E_IO = 6
ACQ_DB_E_PERM = 7
ACQ_DB_E_LOCK_TIMEOUT = 8
ACQ_DB_E_EXISTS = 9
ACQ_DB_E_NO_CANDIDATE = 10
ACQ_DB_E_HOLD = 11
ACQ_DB_E_FS_TIMEOUT = 12
int(2)
bool(true)
