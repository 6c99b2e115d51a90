--TEST--
acq_db_rejoin() takes a demoted server out of demoted at a new epoch, keeps the active server, records why
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
acq_db.election_file={TMP}/acq_db_rejoin_demoted.election
error_log={TMP}/acq_db_rejoin_demoted.log
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_put(acq_test_file(4, 'db2', ['db1', 'db3']));
$s = acq_db_rejoin('db1');
echo $s['epoch'], ' ', $s['active'], ' ', json_encode($s['demoted']), ' ', $s['reason'], "\n";
preg_match('/^demoted:.*$/m', file_get_contents(acq_test_efile()), $m);
echo $m[0], "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../acq_db.inc';
acq_test_clean('rejoin_demoted');
?>
--EXPECT--
5 db2 ["db3"] rejoin: db1 declared healthy by an operator
demoted: db3
