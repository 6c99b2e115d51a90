--TEST--
Line breaks and control characters in the reason become spaces: the file stays valid and one line per key
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_switchover_reason_control_chars.election
error_log={TMP}/acq_db_switchover_reason_control_chars.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_db_init('db1');
echo acq_db_switchover('db2', "line one\nline two\r\ttabbed\x7f.")['reason'], "|\n";
$text = file_get_contents(acq_test_efile());
var_dump(acq_test_checksum_ok($text), substr_count($text, "\n"));
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('switchover_reason_control_chars');
?>
--EXPECT--
switchover from db1: line one line two  tabbed .|
bool(true)
int(11)
