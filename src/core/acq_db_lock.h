/*
 * The writers' lock: an exclusive fcntl (POSIX) lock on "<election file>.lock",
 * a sibling that is never renamed, so every node locks the same inode. fcntl
 * locks cross GlusterFS mounts (see FIELD-NOTES). Waits are bounded: a lock
 * that cannot be had in time is an error, never a write without the lock.
 */
#ifndef ACQ_DB_LOCK_H
#define ACQ_DB_LOCK_H

#include "acq_db_common.h"

typedef struct acq_db_lock {
	int fd;           /* -1 when not held */
	unsigned waited_ms;
} acq_db_lock;

/* Takes the lock within timeout_ms (0: one try). */
acq_db_rc acq_db_lock_acquire(const char *election_file, unsigned timeout_ms, acq_db_lock *lk,
	char *err, size_t errlen);

void acq_db_lock_release(acq_db_lock *lk);

#endif
