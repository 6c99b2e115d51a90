--TEST--
INI: loaded but not configured outside the CLI (php-cgi, as php-fpm): exactly one startup notice says acq_db is inert and what to set, and the request runs
--CGI--
--EXTENSIONS--
acq_db
--INI--
error_log={TMP}/acq_db_ini_cgi_unconfigured_notice.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
$log = ini_get('error_log');
$lines = array_values(preg_grep('/acq_db:/', file($log, FILE_IGNORE_NEW_LINES)));
echo count($lines), "\n";
echo preg_replace('/^\[[^]]*\] /', '', $lines[0]), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('ini_cgi_unconfigured_notice');
?>
--EXPECT--
1
acq_db: inert until acq_db.servers and acq_db.election_file are set: connects pass through untouched (docs/configuration.md)
