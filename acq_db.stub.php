<?php

/**
 * @generate-class-entries
 */

/* AcqDbException codes */
/**
 * @var int
 * @cvalue ACQ_DB_E_INVALID
 */
const ACQ_DB_E_INVALID = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_MISSING
 */
const ACQ_DB_E_MISSING = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_CORRUPT
 */
const ACQ_DB_E_CORRUPT = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_VERSION
 */
const ACQ_DB_E_VERSION = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_UNKNOWN_SERVER
 */
const ACQ_DB_E_UNKNOWN_SERVER = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_IO
 */
const ACQ_DB_E_IO = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_PERM
 */
const ACQ_DB_E_PERM = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_LOCK_TIMEOUT
 */
const ACQ_DB_E_LOCK_TIMEOUT = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_EXISTS
 */
const ACQ_DB_E_EXISTS = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_NO_CANDIDATE
 */
const ACQ_DB_E_NO_CANDIDATE = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_HOLD
 */
const ACQ_DB_E_HOLD = UNKNOWN;

/**
 * @var int
 * @cvalue ACQ_DB_E_FS_TIMEOUT
 */
const ACQ_DB_E_FS_TIMEOUT = UNKNOWN;

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

/** Planned change of master: the one word is "switchover". */
function acq_db_switchover(?string $to = null, string $reason = ""): array {}

/**
 * The old name of acq_db_switchover(), kept for one release.
 * @deprecated
 */
function acq_db_failover(?string $to = null, string $reason = ""): array {}

function acq_db_rejoin(string $name): array {}
