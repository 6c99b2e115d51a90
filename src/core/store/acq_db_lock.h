/*
 * The writers' lock: an exclusive fcntl (POSIX) lock on "<election file>.lock",
 * a sibling that is never renamed, so every node locks the same inode. fcntl
 * locks cross GlusterFS mounts (see FIELD-NOTES). Waits are bounded: a lock
 * that cannot be had in time is an error, never a write without the lock.
 */
#ifndef ACQ_DB_LOCK_H
#define ACQ_DB_LOCK_H

#include "lib/acq_db_common.h"

typedef struct acq_db_lock {
	int fd;           /* -1 when not held */
	unsigned waited_ms;
} acq_db_lock;

/* Takes the lock within timeout_ms (0: one try). */
acq_db_rc acq_db_lock_acquire(const char *election_file, unsigned timeout_ms, acq_db_lock *lk,
	char *err, size_t errlen);

void acq_db_lock_release(acq_db_lock *lk);

/* The two halves, for callers that take the file lock on another thread
 * (elections: acq_db_poller.h). enter/leave: the process-wide mutex, in the
 * caller's thread; take/drop: the fcntl lock on the file, which may hang
 * when the file system does. */
acq_db_rc acq_db_lock_enter(const char *election_file, unsigned timeout_ms, char *err, size_t errlen);
void acq_db_lock_leave(void);
/* start_ms (CLOCK_MONOTONIC): when the caller's deadline began */
acq_db_rc acq_db_lock_take(const char *election_file, unsigned timeout_ms, uint64_t start_ms, acq_db_lock *lk,
	char *err, size_t errlen);
void acq_db_lock_drop(acq_db_lock *lk);

#endif
