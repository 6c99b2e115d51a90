--TEST--
INI: loaded but not configured in the CLI: no startup notice (cron jobs and scripts would print it on stderr)
--EXTENSIONS--
acq_db
--INI--
error_log={TMP}/acq_db_ini_cli_unconfigured_silent.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$log = ini_get('error_log');
echo file_exists($log) ? count(preg_grep('/acq_db:/', file($log))) : 0, "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_cli_unconfigured_silent');
?>
--EXPECT--
0
