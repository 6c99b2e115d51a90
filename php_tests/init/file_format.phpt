--TEST--
The election file acq_db_init() writes is plain text in the documented layout, with a valid lowercase CRC-32 checksum
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_init_file_format.election
error_log={TMP}/acq_db_init_file_format.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init();
$text = file_get_contents(acq_test_efile());
echo $text;
var_dump(acq_test_checksum_ok($text));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('init_file_format');
?>
--EXPECTF--
# acq_db election file: do not edit; a wrong checksum makes every node refuse it.
acq_db_election: 2
incarnation: %x
epoch: 1
active: db1
changed_at: %d %d-%d-%dT%d:%d:%d.%dZ
changed_by: %s %d
change: init
reason: initialised
demoted:
checksum: %x
bool(true)
