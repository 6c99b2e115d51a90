/*
 * The writers' lock: an exclusive fcntl (POSIX) lock on "<election file>.lock",
 * a sibling that is never renamed, so every node locks the same inode. fcntl
 * locks cross GlusterFS mounts (see FIELD-NOTES). Waits are bounded: a lock
 * that cannot be had in time is an error, never a write without the lock.
 */
#ifndef ACQ_DB_LOCK_H
#define ACQ_DB_LOCK_H

#include "acq_db_common.h"
#include "acq_db_efile.h"

typedef struct acq_db_lock {
	int fd;           /* -1 when not held */
	unsigned waited_ms;
} acq_db_lock;

/* Takes the lock within timeout_ms (0: one try). */
acq_db_rc acq_db_lock_acquire(const char *election_file, unsigned timeout_ms, acq_db_lock *lk,
	char *err, size_t errlen);

void acq_db_lock_release(acq_db_lock *lk);

/* The lock file also carries a copy of the election file (the mirror),
 * rewritten in place under the lock after every change. Unlike the election
 * file, which is replaced by rename, the lock file keeps its inode and its
 * size, so another GlusterFS client sees a change to it within milliseconds,
 * while its cached directory entry may serve the old election file for up to
 * a second (see docs/design.md). Readers use the mirror to detect such stale
 * reads. It also survives a damaged or deleted election file, so acq_db_init()
 * can continue above every epoch ever written. */
acq_db_rc acq_db_lock_write_mirror(const acq_db_lock *lk, const acq_db_state *st, char *err, size_t errlen);

/* Empties the copy (it then reads as absent). */
void acq_db_lock_clear_mirror(const acq_db_lock *lk);

/* The mirror's state, read through the held lock's descriptor; 0 if valid. */
int acq_db_lock_read_mirror(const acq_db_lock *lk, acq_db_state *out);

/* The highest epoch ever written: the mirror's epoch, or 0. */
uint64_t acq_db_lock_read_mark(const acq_db_lock *lk);

/* The mirror of the election file at efile_path, read without the lock; 0 if valid. */
int acq_db_mirror_read(const char *efile_path, acq_db_state *out);

#endif
