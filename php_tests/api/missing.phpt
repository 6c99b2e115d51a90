--TEST--
acq_db_active() without an election file fails closed and says what to do
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={PWD}/missing.election
error_log={PWD}/missing.log

--FILE--
<?php
try {
    acq_db_active();
} catch (AcqDbException $e) {
    echo get_class($e), " ", $e->getCode() === ACQ_DB_E_MISSING ? 'ACQ_DB_E_MISSING' : $e->getCode(), "\n", $e->getMessage(), "\n";
}
?>
--CLEAN--
<?php require __DIR__ . '/../acq_db.inc'; acq_test_clean(__DIR__ . '/missing.election'); @unlink(__DIR__ . '/missing.log'); ?>
--EXPECTF--
AcqDbException ACQ_DB_E_MISSING
election file %s/missing.election does not exist: if the shared file system is not mounted, mount it; if this is a new cluster, create the file once with acq_db_init() or acq-db-admin init
