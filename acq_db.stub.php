<?php

/**
 * @generate-class-entries
 */

/**
 * Raised when acq_db cannot tell which server is the master (missing or
 * damaged election file, no configuration), or an operator action fails
 * (lock timeout, no eligible server). The message says what to do.
 * @strict-properties
 */
class AcqDbException extends RuntimeException
{
}

/** @return array{host: string, port: int} */
function acq_db_active(): array {}

function acq_db_status(): array {}

function acq_db_init(?string $active = null): array {}

function acq_db_failover(?string $to = null, string $reason = ""): array {}

function acq_db_rejoin(string $name): array {}
