/*
 * The lock file's copy of the election file. Writers rewrite it in place,
 * under the lock, before they rename a new election file into place. Unlike
 * the election file, the lock file keeps its inode and its size, and it is
 * read with O_DIRECT, so another GlusterFS client sees a change to it within
 * milliseconds while its cached directory entry may still serve the old
 * election file for up to a second (see docs/design.md). The copy settles
 * such stale reads, and it outlives a damaged or deleted election file, so
 * acq_db_init() can continue above every epoch ever written.
 */
#ifndef ACQ_DB_COPY_H
#define ACQ_DB_COPY_H

#include "lib/acq_db_common.h"
#include "store/acq_db_efile.h"

/* Writes st as the copy through the lock file descriptor (the lock is held). */
acq_db_rc acq_db_copy_write(int lock_fd, const acq_db_state *st, char *err, size_t errlen);

/* Empties the copy (it then reads as absent); 0, or -1 if the write or
 * its sync failed (the copy may then still hold what was written last). */
int acq_db_copy_clear(int lock_fd);

/* The copy read through an open lock file descriptor; 0 if valid. */
int acq_db_copy_read_fd(int lock_fd, acq_db_state *out);

/* The copy of the election file at efile_path, read without the lock; 0 if valid. */
int acq_db_copy_read(const char *efile_path, acq_db_state *out);

/* The highest epoch ever written: the copy's epoch, or 0. */
uint64_t acq_db_copy_mark(int lock_fd);

/* The one rule for "the freshest of the file and the copy": given the
 * result of reading the election file (file_rc, and whether its handle was
 * stale), replaces *st by the copy when the copy is valid and either the file's
 * handle was stale or the copy is newer. Returns the resulting rc. */
acq_db_rc acq_db_copy_prefer(acq_db_rc file_rc, int file_stale, acq_db_state *st, int copy_ok,
	const acq_db_state *copy);

/* Reads the election file and settles it against the copy, read through
 * lock_fd when the caller holds the lock, or through a descriptor of its own
 * when lock_fd is -1 (a reader without the lock: the poller). Errors are
 * those of acq_db_efile_read. */
acq_db_rc acq_db_read_freshest(const char *efile_path, int lock_fd, acq_db_state *out, char *err, size_t errlen);

#endif
