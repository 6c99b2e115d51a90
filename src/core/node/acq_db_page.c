/*
 * The published-state page (see acq_db_page.h): mapping it, the seqlock
 * writer and reader, and the heartbeat.
 */
#include "node/acq_db_page.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ACQ_DB_PAGE_READ_TRIES 64

/* Seqlock data is read while it may be written: every byte moves through an
 * atomic access, so the race is a defined one (and TSan agrees); the
 * sequence number tells the reader whether to keep what it copied. Release
 * stores keep the odd sequence number ahead of the data, acquire loads keep
 * the second look at it behind (no fences: TSan does not model them). On
 * x86 both are plain moves. */
static void acq_db_page_copy_in(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i;

	for (i = 0; i < n; i++) {
		__atomic_store_n(&d[i], s[i], __ATOMIC_RELEASE);
	}
}

static void acq_db_page_copy_out(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i;

	for (i = 0; i < n; i++) {
		d[i] = __atomic_load_n(&s[i], __ATOMIC_ACQUIRE);
	}
}

/* FNV-1a: a stable name for the page of one election file. */
static uint64_t acq_db_page_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h = (h ^ (unsigned char) *s) * 1099511628211ull;
	}
	return h;
}

/* The layout is in the name: two builds that disagree on it never share.
 * So is the interval: a pool that re-reads every second never sets the
 * pace for one that asked for 50 ms (each gets a reader of its own). */
int acq_db_page_path(const char *dir, const char *election_file, unsigned interval_ms, char *path, size_t pathlen)
{
	return snprintf(path, pathlen, "%s/acq_db.%u.%u.%u.%016" PRIx64, dir, (unsigned) sizeof(acq_db_page),
		(unsigned) geteuid(), interval_ms, acq_db_page_hash(election_file)) < (int) pathlen ? 0 : -1;
}

/* Reserves the page's memory now: a page sized with ftruncate alone has no
 * memory behind it on tmpfs, and the first store into it on a full /dev/shm
 * kills the process with SIGBUS. posix_fallocate either reserves it or says
 * ENOSPC, and then the caller reads for itself instead. */
static int acq_db_page_reserve(int f)
{
	return posix_fallocate(f, 0, sizeof(acq_db_page));
}

acq_db_rc acq_db_page_map_shared(const char *dir, const char *election_file, unsigned interval_ms, acq_db_page **out,
	int *fd, char *path, size_t pathlen, char *err, size_t errlen)
{
	struct stat sb;
	void *mem;
	int f;
	int e;

	if (acq_db_page_path(dir, election_file, interval_ms, path, pathlen) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "acq_db.state_dir %s is too long", dir);
	}
	/* O_NOFOLLOW and the owner check: the directory is usually /dev/shm,
	 * where anyone may plant a file or a link under our name */
	f = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (f < 0) {
		return acq_db_fail(err, errlen, errno == EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
			"cannot open the node's state page %s: %s (acq_db.state_dir must be a writable local directory, "
			"e.g. /dev/shm)", path, strerror(errno));
	}
	if (fstat(f, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
		close(f);
		return acq_db_fail(err, errlen, ACQ_DB_E_PERM,
			"the node's state page %s is not a regular file owned by uid %u; remove it", path, (unsigned) geteuid());
	}
	if ((e = acq_db_page_reserve(f)) != 0) {
		close(f);
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot reserve memory for the node's state page %s: %s%s", path,
			strerror(e), e == ENOSPC ? " (acq_db.state_dir is full)" : "");
	}
	mem = mmap(NULL, sizeof(acq_db_page), PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (mem == MAP_FAILED) {
		int e = errno;
		close(f);
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot map the node's state page %s: %s", path, strerror(e));
	}
	*out = mem;
	*fd = f;
	return ACQ_DB_OK;
}

acq_db_page *acq_db_page_map_private(void)
{
	/* MAP_SHARED: the process's helper (acq_db_poller.h) publishes into it;
	 * a forked child gets a copy of its own (the poller's fork handler) */
	void *mem = mmap(NULL, sizeof(acq_db_page), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return mem == MAP_FAILED ? NULL : mem;
}

void acq_db_page_publish(acq_db_page *pg, const acq_db_state *good, acq_db_rc rc, const char *error)
{
	uint64_t seq = __atomic_load_n(&pg->seq, __ATOMIC_RELAXED);

	/* a writer that died half-way left seq odd: continue from the next even */
	seq = (seq | 1) + 1;
	__atomic_store_n(&pg->seq, seq - 1, __ATOMIC_RELAXED);
	if (good) {
		uint32_t crc = acq_db_crc32(good, sizeof(*good));
		acq_db_page_copy_in(&pg->good, good, sizeof(*good));
		__atomic_store_n(&pg->good_crc, crc, __ATOMIC_RELEASE);
	}
	{
		char msg[ACQ_DB_ERR_MAX];
		memset(msg, 0, sizeof(msg));
		acq_db_strlcpy(msg, rc == ACQ_DB_OK || !error ? "" : error, sizeof(msg));
		acq_db_page_copy_in(pg->error, msg, sizeof(msg));
	}
	__atomic_store_n(&pg->rc, (int32_t) rc, __ATOMIC_RELEASE);
	__atomic_store_n(&pg->layout, (uint32_t) sizeof(acq_db_page), __ATOMIC_RELEASE);
	__atomic_store_n(&pg->magic, ACQ_DB_PAGE_MAGIC, __ATOMIC_RELEASE);
	__atomic_store_n(&pg->seq, seq, __ATOMIC_RELEASE);
}

void acq_db_page_beat(acq_db_page *pg, int ok, uint64_t mono_ms, int64_t wall_ms, int pid)
{
	if (ok) {
		__atomic_store_n(&pg->last_ok_wall_ms, wall_ms, __ATOMIC_RELAXED);
		__atomic_store_n(&pg->last_ok_mono_ms, mono_ms, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&pg->last_try_mono_ms, mono_ms, __ATOMIC_RELAXED);
	__atomic_store_n(&pg->poller_pid, (int32_t) pid, __ATOMIC_RELAXED);
	__atomic_add_fetch(&pg->reads, 1, __ATOMIC_RELEASE);
}

int acq_db_page_read(const acq_db_page *pg, acq_db_page_view *out)
{
	int i;

	for (i = 0; i < ACQ_DB_PAGE_READ_TRIES; i++) {
		uint64_t before = __atomic_load_n(&pg->seq, __ATOMIC_ACQUIRE);
		if (before & 1) {
			continue;
		}
		uint32_t crc;
		if (__atomic_load_n(&pg->magic, __ATOMIC_RELAXED) != ACQ_DB_PAGE_MAGIC
			|| __atomic_load_n(&pg->layout, __ATOMIC_RELAXED) != sizeof(acq_db_page)) {
			memset(out, 0, sizeof(*out));
			out->seq = before;
			out->rc = ACQ_DB_OK;
			return 0; /* nothing published yet */
		}
		acq_db_page_copy_out(&out->good, &pg->good, sizeof(out->good));
		crc = __atomic_load_n(&pg->good_crc, __ATOMIC_ACQUIRE);
		out->rc = (acq_db_rc) __atomic_load_n(&pg->rc, __ATOMIC_ACQUIRE);
		acq_db_page_copy_out(out->error, pg->error, sizeof(out->error));
		out->error[sizeof(out->error) - 1] = '\0';
		if (__atomic_load_n(&pg->seq, __ATOMIC_RELAXED) == before) {
			out->seq = before;
			out->have_good = out->good.epoch > 0 && acq_db_crc32(&out->good, sizeof(out->good)) == crc;
			return 0;
		}
	}
	return -1;
}

/* One page, mapped read-only; 0 if it is a page of ours. */
/* The uid a page's name claims (acq_db.LAYOUT.UID.RECHECK.HASH), or -1. */
static long acq_db_page_name_uid(const char *name)
{
	const char *p = strchr(name, '.');
	char *end;
	long uid;

	if (!p || !(p = strchr(p + 1, '.'))) {
		return -1;
	}
	uid = strtol(p + 1, &end, 10);
	return end != p + 1 && *end == '.' && uid >= 0 ? uid : -1;
}

/* Another local user can write into a shared state directory: a page is
 * believed only if it belongs to the uid its name claims and nobody else
 * can write it, as the extension checks its own (acq_db_page_map_shared). */
static int acq_db_page_is_trusted(const struct stat *sb, const char *name)
{
	return S_ISREG(sb->st_mode) && (long) sb->st_uid == acq_db_page_name_uid(name) && !(sb->st_mode & 022);
}

static int acq_db_page_peek(const char *path, const char *name, acq_db_page_view *v, acq_db_page_node *n)
{
	struct stat sb;
	void *mem;
	int ok = -1;
	int f = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (f < 0) {
		return -1;
	}
	if (fstat(f, &sb) == 0 && acq_db_page_is_trusted(&sb, name) && (size_t) sb.st_size >= sizeof(acq_db_page)
		&& (mem = mmap(NULL, sizeof(acq_db_page), PROT_READ, MAP_SHARED, f, 0)) != MAP_FAILED) {
		const acq_db_page *pg = mem;
		if (acq_db_page_read(pg, v) == 0 && pg->magic == ACQ_DB_PAGE_MAGIC) {
			n->last_ok_wall_ms = __atomic_load_n(&pg->last_ok_wall_ms, __ATOMIC_RELAXED);
			n->poller_pid = __atomic_load_n(&pg->poller_pid, __ATOMIC_RELAXED);
			n->reads = __atomic_load_n(&pg->reads, __ATOMIC_RELAXED);
			n->age_ms = -1;
			if (n->last_ok_wall_ms) {
				struct timespec ts;
				uint64_t ok_ms = __atomic_load_n(&pg->last_ok_mono_ms, __ATOMIC_RELAXED);
				uint64_t now;
				clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
				now = (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
				n->age_ms = now > ok_ms ? (int64_t) (now - ok_ms) : 0;
			}
			ok = 0;
		}
		munmap(mem, sizeof(acq_db_page));
	}
	close(f);
	return ok;
}

void acq_db_page_scan_node(const char *dir, const char *election_file, acq_db_page_node *out)
{
	char prefix[64];
	char suffix[32];
	DIR *d;
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	out->age_ms = -1;
	snprintf(prefix, sizeof(prefix), "acq_db.%u.", (unsigned) sizeof(acq_db_page));
	snprintf(suffix, sizeof(suffix), ".%016" PRIx64, acq_db_page_hash(election_file));
	if (!(d = opendir(dir))) {
		return;
	}
	while ((e = readdir(d))) {
		char path[ACQ_DB_PATH_MAX];
		size_t len = strlen(e->d_name);
		acq_db_page_view v;
		acq_db_page_node one;
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || len <= strlen(suffix)
			|| strcmp(e->d_name + len - strlen(suffix), suffix) != 0
			|| snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int) sizeof(path)) {
			continue;
		}
		memset(&one, 0, sizeof(one));
		if (acq_db_page_peek(path, e->d_name, &v, &one) != 0) {
			continue;
		}
		/* the freshest reader speaks for the node */
		if (!out->found || (one.age_ms >= 0 && (out->age_ms < 0 || one.age_ms < out->age_ms))) {
			*out = one;
			out->found = 1;
			out->rc = v.rc;
			acq_db_strlcpy(out->error, v.error, sizeof(out->error));
		}
	}
	closedir(d);
}
