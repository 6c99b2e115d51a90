/*
 * fcntl locks belong to a process, not to a descriptor: two threads of one
 * process (ZTS) would both "get" the lock, and closing any descriptor of the
 * file drops it. A process-wide mutex therefore serialises lock holders
 * inside the process, and the lock descriptor is private to the holder.
 * F_SETLKW cannot be bounded without signals (which would disturb PHP), so
 * waiting is F_SETLK polled with a short exponential backoff up to a deadline.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* O_DIRECT */
#endif
#include "store/acq_db_lock.h"
#include "lib/acq_db_clock.h"
#include "store/acq_db_efile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ACQ_DB_LOCK_MODE 0664
#define ACQ_DB_LOCK_MAX_BACKOFF_US 20000

static pthread_mutex_t acq_db_lock_mutex = PTHREAD_MUTEX_INITIALIZER;

static int acq_db_lock_try(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	return fcntl(fd, F_SETLK, &fl);
}

/* Who holds it, for the timeout message; 0 if the file system does not say. */
static long acq_db_lock_holder(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK) {
		return 0;
	}
	return (long) fl.l_pid;
}

static int acq_db_lock_open(const char *path, char *err, size_t errlen, acq_db_rc *rc)
{
	/* O_DIRECT: the copy of the election file inside must be read and
	 * written past every client cache (see acq_db_copy_write).
	 * O_NOFOLLOW: the directory is writable by every worker, and the copy
	 * is written into this file: a planted symlink must not redirect it. */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_DIRECT, ACQ_DB_LOCK_MODE);

	if (fd < 0 && errno == EINVAL) { /* no O_DIRECT here (tmpfs): coherent anyway */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, ACQ_DB_LOCK_MODE);
	}

	if (fd < 0) {
		int perm = errno == EACCES || errno == EPERM || errno == EROFS;
		*rc = acq_db_fail(err, errlen, perm ? ACQ_DB_E_PERM : ACQ_DB_E_IO, "cannot open lock file %s: %s (%s)",
			path, strerror(errno), perm ? "the PHP user needs read-write access to it and to its directory"
			: errno == ENOTCONN ? "the shared file system is not connected: is the volume mounted, has it quorum?"
			: errno == ENOENT ? "its directory does not exist: is the shared file system mounted?"
			: errno == EISDIR ? "it must be a file: remove the directory of that name"
			: errno == ELOOP ? "it is a symbolic link, which acq_db never makes: remove it (someone may have planted it)"
			: "is the shared file system mounted and healthy?");
	}
	return fd;
}

/* Polls F_SETLK until timeout_ms after start (the start of the whole
 * acquisition, so the in-process mutex wait counts too). */
static acq_db_rc acq_db_lock_wait(int fd, const char *path, unsigned timeout_ms, uint64_t start, acq_db_lock *lk,
	char *err, size_t errlen)
{
	unsigned backoff_us = 500;

	for (;;) {
		uint64_t waited;
		if (acq_db_lock_try(fd) == 0) {
			lk->waited_ms = (unsigned) (acq_db_clock_mono_ms() - start);
			return ACQ_DB_OK;
		}
		if (errno != EAGAIN && errno != EACCES && errno != EINTR) {
			return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot lock %s: %s (does the file system support fcntl locks?)",
				path, strerror(errno));
		}
		waited = acq_db_clock_mono_ms() - start;
		if (waited >= timeout_ms) {
			long holder = acq_db_lock_holder(fd);
			return acq_db_fail(err, errlen, ACQ_DB_E_LOCK_TIMEOUT,
				"could not lock %s within acq_db.lock_timeout_ms=%u%s%ld%s; nothing was written",
				path, timeout_ms, holder ? " (held by pid " : "", holder, holder ? ")" : "");
		}
		if (backoff_us > (timeout_ms - waited) * 1000) {
			backoff_us = (unsigned) ((timeout_ms - waited) * 1000);
		}
		usleep(backoff_us ? backoff_us : 100);
		backoff_us = backoff_us * 2 > ACQ_DB_LOCK_MAX_BACKOFF_US ? ACQ_DB_LOCK_MAX_BACKOFF_US : backoff_us * 2;
	}
}

/* The process-wide mutex, within the same deadline as the file lock: a
 * thread that holds it (ZTS) counts as "held elsewhere". */
static acq_db_rc acq_db_lock_mutex_wait(const char *election_file, unsigned timeout_ms, uint64_t start, char *err,
	size_t errlen)
{
	unsigned backoff_us = 500;

	for (;;) {
		uint64_t waited;
		if (pthread_mutex_trylock(&acq_db_lock_mutex) == 0) {
			return ACQ_DB_OK;
		}
		waited = acq_db_clock_mono_ms() - start;
		if (waited >= timeout_ms) {
			return acq_db_fail(err, errlen, ACQ_DB_E_LOCK_TIMEOUT,
				"could not lock %s.lock within acq_db.lock_timeout_ms=%u (held by another thread of this process); "
				"nothing was written", election_file, timeout_ms);
		}
		usleep(backoff_us);
		backoff_us = backoff_us * 2 > ACQ_DB_LOCK_MAX_BACKOFF_US ? ACQ_DB_LOCK_MAX_BACKOFF_US : backoff_us * 2;
	}
}

acq_db_rc acq_db_lock_enter(const char *election_file, unsigned timeout_ms, char *err, size_t errlen)
{
	return acq_db_lock_mutex_wait(election_file, timeout_ms, acq_db_clock_mono_ms(), err, errlen);
}

void acq_db_lock_leave(void)
{
	pthread_mutex_unlock(&acq_db_lock_mutex);
}

acq_db_rc acq_db_lock_take(const char *election_file, unsigned timeout_ms, uint64_t start_ms, acq_db_lock *lk,
	char *err, size_t errlen)
{
	char path[ACQ_DB_PATH_MAX];
	acq_db_rc rc = ACQ_DB_OK;
	int fd;

	lk->fd = -1;
	lk->waited_ms = 0;
	if (snprintf(path, sizeof(path), "%s.lock", election_file) >= (int) sizeof(path)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election file path is too long");
	}
	fd = acq_db_lock_open(path, err, errlen, &rc);
	if (fd < 0) {
		return rc;
	}
	(void) fchmod(fd, ACQ_DB_LOCK_MODE); /* best effort: keep it usable by every node's PHP user */
	rc = acq_db_lock_wait(fd, path, timeout_ms, start_ms, lk, err, errlen);
	if (rc != ACQ_DB_OK) {
		close(fd);
		return rc;
	}
	lk->fd = fd;
	return ACQ_DB_OK;
}

void acq_db_lock_drop(acq_db_lock *lk)
{
	if (lk->fd >= 0) {
		close(lk->fd); /* closing drops the fcntl lock */
		lk->fd = -1;
	}
}

acq_db_rc acq_db_lock_acquire(const char *election_file, unsigned timeout_ms, acq_db_lock *lk,
	char *err, size_t errlen)
{
	uint64_t start = acq_db_clock_mono_ms();
	acq_db_rc rc;

	lk->fd = -1;
	lk->waited_ms = 0;
	rc = acq_db_lock_mutex_wait(election_file, timeout_ms, start, err, errlen);
	if (rc != ACQ_DB_OK) {
		return rc;
	}
	rc = acq_db_lock_take(election_file, timeout_ms, start, lk, err, errlen);
	if (rc != ACQ_DB_OK) {
		acq_db_lock_leave();
	}
	return rc;
}

void acq_db_lock_release(acq_db_lock *lk)
{
	if (lk->fd < 0) {
		return;
	}
	acq_db_lock_drop(lk);
	acq_db_lock_leave();
}
