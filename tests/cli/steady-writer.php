<?php
// A steady writer for tests/cli/test-cli-sql.sh: inserts seq = 1, 2, ...
// into acq_test.w on whatever server acq_db_active() names, as the
// application user (read_only stops it), until STOP_FILE appears. A write
// is acknowledged (one line in ACK_FILE) only once the server said it
// committed; one whose answer was lost is retried and counts as committed
// when the retry finds its key (error 1062). Prints "LAST_SEQ RETRIES".
[, $stop, $ackFile] = $argv;
mysqli_report(MYSQLI_REPORT_OFF);
$ack = fopen($ackFile, 'w');
$seq = 0;
$retries = 0;
$m = null;
while (!file_exists($stop)) {
    $seq++;
    for (;;) {
        if (!$m) {
            $a = acq_db_active();
            $m = @mysqli_connect($a['host'], 'acq_app', 'acq', 'acq_test', $a['port']);
        }
        if ($m && (@mysqli_query($m, "INSERT INTO w (seq) VALUES ($seq)") || mysqli_errno($m) === 1062)) {
            fwrite($ack, "$seq\n");
            fflush($ack);
            break;
        }
        $retries++;
        if ($m) {
            @mysqli_close($m);
        }
        $m = null;
        if (file_exists($stop)) {
            break 2;
        }
        usleep(20000);
    }
    usleep(2000);
}
echo "$seq $retries\n";
