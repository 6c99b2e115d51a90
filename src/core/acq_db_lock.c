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
#include "acq_db_lock.h"
#include "acq_db_efile.h"

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

static uint64_t acq_db_lock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

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
	 * written past every client cache (see acq_db_lock_write_mirror) */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_DIRECT, ACQ_DB_LOCK_MODE);

	if (fd < 0 && errno == EINVAL) { /* no O_DIRECT here (tmpfs): coherent anyway */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, ACQ_DB_LOCK_MODE);
	}

	if (fd < 0) {
		*rc = acq_db_fail(err, errlen, errno == EACCES || errno == EROFS ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
			"cannot open lock file %s: %s (the PHP user needs read-write access to it and to its directory)",
			path, strerror(errno));
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
			lk->waited_ms = (unsigned) (acq_db_lock_now_ms() - start);
			return ACQ_DB_OK;
		}
		if (errno != EAGAIN && errno != EACCES && errno != EINTR) {
			return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot lock %s: %s (does the file system support fcntl locks?)",
				path, strerror(errno));
		}
		waited = acq_db_lock_now_ms() - start;
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
static acq_db_rc acq_db_lock_mutex_wait(const char *path, unsigned timeout_ms, uint64_t start, char *err, size_t errlen)
{
	unsigned backoff_us = 500;

	for (;;) {
		uint64_t waited;
		if (pthread_mutex_trylock(&acq_db_lock_mutex) == 0) {
			return ACQ_DB_OK;
		}
		waited = acq_db_lock_now_ms() - start;
		if (waited >= timeout_ms) {
			return acq_db_fail(err, errlen, ACQ_DB_E_LOCK_TIMEOUT,
				"could not lock %s within acq_db.lock_timeout_ms=%u (held by another thread of this process); "
				"nothing was written", path, timeout_ms);
		}
		usleep(backoff_us);
		backoff_us = backoff_us * 2 > ACQ_DB_LOCK_MAX_BACKOFF_US ? ACQ_DB_LOCK_MAX_BACKOFF_US : backoff_us * 2;
	}
}

acq_db_rc acq_db_lock_acquire(const char *election_file, unsigned timeout_ms, acq_db_lock *lk,
	char *err, size_t errlen)
{
	char path[ACQ_DB_PATH_MAX];
	uint64_t start = acq_db_lock_now_ms();
	acq_db_rc rc = ACQ_DB_OK;
	int fd;

	lk->fd = -1;
	lk->waited_ms = 0;
	if (snprintf(path, sizeof(path), "%s.lock", election_file) >= (int) sizeof(path)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election file path is too long");
	}
	rc = acq_db_lock_mutex_wait(path, timeout_ms, start, err, errlen);
	if (rc != ACQ_DB_OK) {
		return rc;
	}
	fd = acq_db_lock_open(path, err, errlen, &rc);
	if (fd >= 0) {
		(void) fchmod(fd, ACQ_DB_LOCK_MODE); /* best effort: keep it usable by every node's PHP user */
		rc = acq_db_lock_wait(fd, path, timeout_ms, start, lk, err, errlen);
	}
	if (rc != ACQ_DB_OK) {
		if (fd >= 0) {
			close(fd);
		}
		pthread_mutex_unlock(&acq_db_lock_mutex);
		return rc;
	}
	lk->fd = fd;
	return ACQ_DB_OK;
}

void acq_db_lock_release(acq_db_lock *lk)
{
	if (lk->fd < 0) {
		return;
	}
	close(lk->fd); /* closing drops the fcntl lock */
	lk->fd = -1;
	pthread_mutex_unlock(&acq_db_lock_mutex);
}

/* Layout: a header line, the election file's text, NUL padding to a fixed
 * size. A fixed size matters: a reader's cached file size must never cut a
 * newer, longer copy short. */
#define ACQ_DB_MIRROR_HEADER "acq_db lock file: writers hold an fcntl lock on it; below, a copy of the election file\n"
#define ACQ_DB_MIRROR_SIZE 8192 /* header + file + NULs; a multiple of the O_DIRECT block size */

acq_db_rc acq_db_lock_write_mirror(const acq_db_lock *lk, const acq_db_state *st, char *err, size_t errlen)
{
	static __thread char buf[ACQ_DB_MIRROR_SIZE] __attribute__((aligned(4096)));
	size_t hlen = strlen(ACQ_DB_MIRROR_HEADER);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, ACQ_DB_MIRROR_HEADER, hlen);
	if (acq_db_efile_format(st, buf + hlen, sizeof(buf) - hlen - 1) == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election state does not fit in the lock file");
	}
	if (pwrite(lk->fd, buf, sizeof(buf), 0) != (ssize_t) sizeof(buf) || fdatasync(lk->fd) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot write the copy of epoch %" PRIu64 " into the lock file: %s",
			st->epoch, strerror(errno));
	}
	return ACQ_DB_OK;
}

#define ACQ_DB_MIRROR_READ ACQ_DB_MIRROR_SIZE

static int acq_db_mirror_parse_fd(int fd, acq_db_state *out)
{
	static __thread char buf[ACQ_DB_MIRROR_READ + 1] __attribute__((aligned(4096)));
	size_t hlen = strlen(ACQ_DB_MIRROR_HEADER);
	ssize_t n = pread(fd, buf, ACQ_DB_MIRROR_READ, 0);

	if (n <= (ssize_t) hlen || memcmp(buf, ACQ_DB_MIRROR_HEADER, hlen) != 0) {
		return -1;
	}
	buf[n] = '\0';
	/* a torn or partial copy fails the checksum and is ignored */
	return acq_db_efile_parse(buf + hlen, strlen(buf + hlen), out, NULL, 0) == ACQ_DB_OK ? 0 : -1;
}

void acq_db_lock_clear_mirror(const acq_db_lock *lk)
{
	static __thread char zeros[ACQ_DB_MIRROR_SIZE] __attribute__((aligned(4096)));

	(void) pwrite(lk->fd, zeros, sizeof(zeros), 0);
	(void) fdatasync(lk->fd);
}

int acq_db_lock_read_mirror(const acq_db_lock *lk, acq_db_state *out)
{
	return acq_db_mirror_parse_fd(lk->fd, out);
}

uint64_t acq_db_lock_read_mark(const acq_db_lock *lk)
{
	acq_db_state st;

	return acq_db_lock_read_mirror(lk, &st) == 0 ? st.epoch : 0;
}

int acq_db_mirror_read(const char *efile_path, acq_db_state *out)
{
	char path[ACQ_DB_PATH_MAX];
	int fd;
	int rc;

	if (snprintf(path, sizeof(path), "%s.lock", efile_path) >= (int) sizeof(path)) {
		return -1;
	}
	/* O_DIRECT: FUSE keeps a file's pages while its cached attributes look
	 * unchanged (up to a second on GlusterFS); we want the bytes on the
	 * volume. File systems without O_DIRECT (tmpfs) are coherent anyway. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECT);
	if (fd < 0 && errno == EINVAL) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		return -1;
	}
	rc = acq_db_mirror_parse_fd(fd, out);
	close(fd);
	return rc;
}
