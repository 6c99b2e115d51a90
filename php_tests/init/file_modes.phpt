--TEST--
acq_db_init() creates the file and FILE.lock mode 0664 whatever the umask, and leaves no FILE.tmp.* behind
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_file_modes.election
error_log={TMP}/acq_db_init_file_modes.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
umask(077);
acq_db_init();
printf("%o %o\n", fileperms(acq_test_efile()) & 0777, fileperms(acq_test_efile() . '.lock') & 0777);
var_dump(glob(acq_test_efile() . '.tmp.*'));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_file_modes');
?>
--EXPECT--
664 664
array(0) {
}
