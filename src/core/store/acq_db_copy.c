/*
 * The lock file's copy of the election file (see acq_db_copy.h): its layout,
 * its reads and writes, and the rule that settles it against the election
 * file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* O_DIRECT */
#endif
#include "store/acq_db_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Layout: a header line, the election file's text, NUL padding to a fixed
 * size. A fixed size matters: a reader's cached file size must never cut a
 * newer, longer copy short. */
#define ACQ_DB_COPY_HEADER "acq_db lock file: writers hold an fcntl lock on it; below, a copy of the election file\n"
#define ACQ_DB_COPY_SIZE 8192 /* header + file + NULs; a multiple of the O_DIRECT block size */

acq_db_rc acq_db_copy_write(int lock_fd, const acq_db_state *st, char *err, size_t errlen)
{
	static __thread char buf[ACQ_DB_COPY_SIZE] __attribute__((aligned(4096)));
	size_t hlen = strlen(ACQ_DB_COPY_HEADER);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, ACQ_DB_COPY_HEADER, hlen);
	if (acq_db_efile_format(st, buf + hlen, sizeof(buf) - hlen - 1) == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election state does not fit in the lock file");
	}
	if (pwrite(lock_fd, buf, sizeof(buf), 0) != (ssize_t) sizeof(buf) || fdatasync(lock_fd) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot write the copy of epoch %" PRIu64 " into the lock file: %s",
			st->epoch, strerror(errno));
	}
	return ACQ_DB_OK;
}

int acq_db_copy_read_fd(int lock_fd, acq_db_state *out)
{
	static __thread char buf[ACQ_DB_COPY_SIZE + 1] __attribute__((aligned(4096)));
	size_t hlen = strlen(ACQ_DB_COPY_HEADER);
	ssize_t n = pread(lock_fd, buf, ACQ_DB_COPY_SIZE, 0);

	if (n <= (ssize_t) hlen || memcmp(buf, ACQ_DB_COPY_HEADER, hlen) != 0) {
		return -1;
	}
	buf[n] = '\0';
	/* a torn or partial copy fails the checksum and is ignored */
	return acq_db_efile_parse(buf + hlen, strlen(buf + hlen), out, NULL, 0) == ACQ_DB_OK ? 0 : -1;
}

int acq_db_copy_clear(int lock_fd)
{
	static __thread char zeros[ACQ_DB_COPY_SIZE] __attribute__((aligned(4096)));

	if (pwrite(lock_fd, zeros, sizeof(zeros), 0) != (ssize_t) sizeof(zeros)) {
		return -1;
	}
	return fdatasync(lock_fd) == 0 ? 0 : -1;
}

uint64_t acq_db_copy_mark(int lock_fd)
{
	acq_db_state st;

	return acq_db_copy_read_fd(lock_fd, &st) == 0 ? st.epoch : 0;
}

int acq_db_copy_read(const char *efile_path, acq_db_state *out)
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
	rc = acq_db_copy_read_fd(fd, out);
	close(fd);
	return rc;
}

acq_db_rc acq_db_copy_prefer(acq_db_rc file_rc, int file_stale, acq_db_state *st, int copy_ok,
	const acq_db_state *copy)
{
	/* the path gave an older file, or a handle to a replaced one: the copy
	 * is what the last writer wrote */
	if ((file_rc == ACQ_DB_OK || file_stale) && copy_ok && (file_stale || copy->epoch > st->epoch)) {
		*st = *copy;
		return ACQ_DB_OK;
	}
	return file_rc;
}

acq_db_rc acq_db_read_freshest(const char *efile_path, int lock_fd, acq_db_state *out, char *err, size_t errlen)
{
	acq_db_state copy;
	int stale = 0;
	acq_db_rc rc = acq_db_efile_read_ex(efile_path, out, &stale, err, errlen);
	int copy_ok = (rc == ACQ_DB_OK || stale)
		&& (lock_fd >= 0 ? acq_db_copy_read_fd(lock_fd, &copy) : acq_db_copy_read(efile_path, &copy)) == 0;

	return acq_db_copy_prefer(rc, stale, out, copy_ok, &copy);
}
