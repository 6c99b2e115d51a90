--TEST--
AcqDbException is a RuntimeException and takes no dynamic properties
--EXTENSIONS--
acq_db
--INI--
acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3307,db3=[::1]:3308"
--FILE--
<?php
require __DIR__ . '/../acq_db.inc';
echo implode(' ', class_parents('AcqDbException')), "\n";
$e = new AcqDbException('m', ACQ_DB_E_IO);
acq_test_throws(function () use ($e) { $e->extra = 1; });
?>
--EXPECT--
RuntimeException Exception
Error: Cannot create dynamic property AcqDbException::$extra
