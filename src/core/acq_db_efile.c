/*
 * Election file format, version 1. Example:
 *
 *   # acq_db election file: do not edit; a wrong checksum makes every node refuse it.
 *   acq_db_election: 1
 *   epoch: 3
 *   active: db2
 *   changed_at: 1796000000123 2026-11-28T06:53:20.123Z
 *   changed_by: web1 4242
 *   reason: election: db1 (10.0.0.11:3306) connect refused
 *   demoted: db1
 *   checksum: 8c1f0a3e
 *
 * The checksum is CRC-32 of every byte before the "checksum:" line, so a torn
 * write (truncated file) or a hand edit is detected and never half-trusted.
 * Keys are fixed and each must appear exactly once, in this order.
 */
#include "acq_db_efile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ACQ_DB_EFILE_HEADER "# acq_db election file: do not edit; a wrong checksum makes every node refuse it.\n"
#define ACQ_DB_EFILE_MAGIC "acq_db_election"
#define ACQ_DB_EFILE_MODE 0664

uint32_t acq_db_crc32(const void *data, size_t len)
{
	static uint32_t table[256];
	static int ready;
	const unsigned char *p = data;
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;

	if (!ready) {
		/* Idempotent: concurrent first calls compute identical tables. */
		for (i = 0; i < 256; i++) {
			uint32_t c = (uint32_t) i;
			int k;
			for (k = 0; k < 8; k++) {
				c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			}
			table[i] = c;
		}
		ready = 1;
	}
	for (i = 0; i < len; i++) {
		crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
	}
	return crc ^ 0xFFFFFFFFu;
}

static void acq_db_format_iso(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t) (ms / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int) (ms % 1000));
}

size_t acq_db_efile_format(const acq_db_state *st, char *buf, size_t len)
{
	char iso[64];
	int n;
	int i;
	size_t used;

	acq_db_format_iso(st->changed_at_ms, iso, sizeof(iso));
	n = snprintf(buf, len,
		ACQ_DB_EFILE_HEADER
		ACQ_DB_EFILE_MAGIC ": %d\n"
		"epoch: %" PRIu64 "\n"
		"active: %s\n"
		"changed_at: %" PRId64 " %s\n"
		"changed_by: %s %ld\n"
		"reason: %s\n"
		"demoted:",
		ACQ_DB_EFILE_VERSION, st->epoch, st->active, st->changed_at_ms, iso,
		st->changed_by_host[0] ? st->changed_by_host : "-", st->changed_by_pid, st->reason);
	if (n < 0 || (size_t) n >= len) {
		return 0;
	}
	used = (size_t) n;
	for (i = 0; i < st->demoted_count; i++) {
		n = snprintf(buf + used, len - used, " %s", st->demoted[i]);
		if (n < 0 || (size_t) n >= len - used) {
			return 0;
		}
		used += (size_t) n;
	}
	n = snprintf(buf + used, len - used, "\n");
	if (n < 0 || (size_t) n >= len - used) {
		return 0;
	}
	used += (size_t) n;
	n = snprintf(buf + used, len - used, "checksum: %08" PRIx32 "\n", acq_db_crc32(buf, used));
	if (n < 0 || (size_t) n >= len - used) {
		return 0;
	}
	return used + (size_t) n;
}

/* Cursor over the file's lines for the parser. */
typedef struct acq_db_lines {
	const char *p;
	const char *end;
	int lineno;
} acq_db_lines;

/* Next line without its '\n' into line; 0 at end of input, -1 if a line is unterminated. */
static int acq_db_next_line(acq_db_lines *ls, char *line, size_t len)
{
	const char *nl;
	size_t n;

	if (ls->p >= ls->end) {
		return 0;
	}
	nl = memchr(ls->p, '\n', (size_t) (ls->end - ls->p));
	if (!nl) {
		return -1;
	}
	n = (size_t) (nl - ls->p);
	if (n >= len) {
		n = len - 1;
	}
	memcpy(line, ls->p, n);
	line[n] = '\0';
	ls->p = nl + 1;
	ls->lineno++;
	return 1;
}

/* Expects "key: value" on the next non-comment line; value points into line. */
static acq_db_rc acq_db_expect_key(acq_db_lines *ls, const char *key, char *line, size_t len,
	const char **value, char *err, size_t errlen)
{
	size_t klen = strlen(key);
	int r;

	do {
		r = acq_db_next_line(ls, line, len);
	} while (r == 1 && line[0] == '#');
	if (r <= 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"file ends before the '%s' line (truncated or torn write)", key);
	}
	if (strncmp(line, key, klen) != 0 || line[klen] != ':' || (line[klen + 1] != ' ' && line[klen + 1] != '\0')) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: expected '%s:', found '%.60s'", ls->lineno, key, line);
	}
	*value = line[klen + 1] ? line + klen + 2 : line + klen + 1;
	return ACQ_DB_OK;
}

static int acq_db_parse_u64(const char *s, uint64_t *out)
{
	char *endp;
	unsigned long long v;

	if (*s < '0' || *s > '9') {
		return -1;
	}
	errno = 0;
	v = strtoull(s, &endp, 10);
	if (errno || *endp != '\0') {
		return -1;
	}
	*out = (uint64_t) v;
	return 0;
}

static acq_db_rc acq_db_parse_name(const char *v, char *dst, const char *what, int lineno, char *err, size_t errlen)
{
	size_t i;
	size_t n = strlen(v);

	if (n == 0 || n >= ACQ_DB_NAME_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: %s name is empty or too long", lineno, what);
	}
	for (i = 0; i < n; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: bad %s name '%.40s'", lineno, what, v);
		}
	}
	memcpy(dst, v, n + 1);
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_demoted(const char *v, acq_db_state *out, int lineno, char *err, size_t errlen)
{
	char copy[ACQ_DB_FILE_MAX];
	char *save = NULL;
	char *tok;

	acq_db_strlcpy(copy, v, sizeof(copy));
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		acq_db_rc rc;
		if (out->demoted_count == ACQ_DB_MAX_SERVERS) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: too many demoted servers", lineno);
		}
		rc = acq_db_parse_name(tok, out->demoted[out->demoted_count], "demoted server", lineno, err, errlen);
		if (rc != ACQ_DB_OK) {
			return rc;
		}
		out->demoted_count++;
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_version(acq_db_lines *ls, char *line, size_t len, char *err, size_t errlen)
{
	char why[ACQ_DB_ERR_MAX];
	const char *v;
	uint64_t version;
	acq_db_rc rc = acq_db_expect_key(ls, ACQ_DB_EFILE_MAGIC, line, len, &v, why, sizeof(why));

	if (rc != ACQ_DB_OK) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "not an acq_db election file (%s)", why);
	}
	if (acq_db_parse_u64(v, &version) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: version '%.20s' is not a number", ls->lineno, v);
	}
	if (version != ACQ_DB_EFILE_VERSION) {
		return acq_db_fail(err, errlen, ACQ_DB_E_VERSION,
			"format version %" PRIu64 " is not supported by this acq_db (it reads version %d); "
			"upgrade acq_db on this node", version, ACQ_DB_EFILE_VERSION);
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_body(acq_db_lines *ls, acq_db_state *out, char *err, size_t errlen)
{
	char line[ACQ_DB_FILE_MAX];
	const char *v;
	char *endp;
	acq_db_rc rc;

	if ((rc = acq_db_parse_version(ls, line, sizeof(line), err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if ((rc = acq_db_expect_key(ls, "epoch", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if (acq_db_parse_u64(v, &out->epoch) != 0 || out->epoch == 0 || out->epoch > (uint64_t) INT64_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: epoch '%.30s' is not a number from 1 to %" PRId64,
			ls->lineno, v, INT64_MAX);
	}
	if ((rc = acq_db_expect_key(ls, "active", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_name(v, out->active, "active server", ls->lineno, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if ((rc = acq_db_expect_key(ls, "changed_at", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	out->changed_at_ms = strtoll(v, &endp, 10);
	if (endp == v || (*endp != ' ' && *endp != '\0')) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: changed_at is not a timestamp", ls->lineno);
	}
	if ((rc = acq_db_expect_key(ls, "changed_by", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if (sscanf(v, "%255s %ld", out->changed_by_host, &out->changed_by_pid) != 2) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: changed_by must be 'HOST PID'", ls->lineno);
	}
	if ((rc = acq_db_expect_key(ls, "reason", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	acq_db_strlcpy(out->reason, v, sizeof(out->reason));
	if ((rc = acq_db_expect_key(ls, "demoted", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	return acq_db_parse_demoted(v, out, ls->lineno, err, errlen);
}

static acq_db_rc acq_db_verify_checksum(acq_db_lines *ls, const char *buf, acq_db_state *out, char *err, size_t errlen)
{
	char line[128];
	size_t covered = (size_t) (ls->p - buf);
	const char *v;
	char *endp;
	unsigned long want;
	uint32_t have = acq_db_crc32(buf, covered);
	acq_db_rc rc = acq_db_expect_key(ls, "checksum", line, sizeof(line), &v, err, errlen);

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	want = strtoul(v, &endp, 16);
	if (endp == v || *endp != '\0' || strlen(v) != 8) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: checksum '%.20s' is not 8 hex digits", ls->lineno, v);
	}
	if ((uint32_t) want != have) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"checksum mismatch (file says %08lx, content gives %08" PRIx32 "): edited by hand or torn write",
			want, have);
	}
	if (ls->p != ls->end) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "unexpected data after the checksum line");
	}
	out->checksum = have;
	return ACQ_DB_OK;
}

/* 1 if the text ends in a "checksum: XXXXXXXX" line that matches the bytes
 * before it, whatever the lines in between say. */
static int acq_db_checksum_matches(const char *buf, size_t len)
{
	static const char key[] = "checksum: ";
	size_t line = len;
	char hex[9];

	if (len < sizeof(key) + 8 || buf[len - 1] != '\n') {
		return 0;
	}
	line = len - (sizeof(key) - 1) - 9; /* start of the last line if it is well-formed */
	if ((line > 0 && buf[line - 1] != '\n') || memcmp(buf + line, key, sizeof(key) - 1) != 0) {
		return 0;
	}
	snprintf(hex, sizeof(hex), "%08" PRIx32, acq_db_crc32(buf, line));
	return strncasecmp(buf + line + sizeof(key) - 1, hex, 8) == 0;
}

acq_db_rc acq_db_efile_parse(const char *buf, size_t len, acq_db_state *out, char *err, size_t errlen)
{
	acq_db_lines ls = { buf, buf + len, 0 };
	acq_db_state st;
	acq_db_rc rc;

	memset(&st, 0, sizeof(st));
	if (len == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "file is empty (torn write or truncated by hand)");
	}
	if (len > ACQ_DB_FILE_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "file is larger than %d bytes", ACQ_DB_FILE_MAX);
	}
	if (memchr(buf, '\0', len)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "file contains NUL bytes");
	}
	rc = acq_db_parse_body(&ls, &st, err, errlen);
	if (rc == ACQ_DB_E_VERSION && !acq_db_checksum_matches(buf, len)) {
		/* another version only if the file is intact: a damaged version digit is damage */
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"the version line says something other than 1 and the checksum does not match: edited by hand or torn write");
	}
	if (rc == ACQ_DB_OK) {
		rc = acq_db_verify_checksum(&ls, buf, &st, err, errlen);
	}
	if (rc == ACQ_DB_OK) {
		*out = st;
	}
	return rc;
}

acq_db_rc acq_db_efile_check_servers(const acq_db_state *st, const acq_db_server_list *servers,
	char *err, size_t errlen)
{
	if (acq_db_servers_find(servers, st->active) < 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_UNKNOWN_SERVER,
			"active server '%s' (epoch %" PRIu64 ") is not in this node's acq_db.servers: "
			"the nodes' configurations differ; add '%s' to acq_db.servers here or fail over to a server every node knows",
			st->active, st->epoch, st->active);
	}
	return ACQ_DB_OK;
}

/* One open+read of the whole file into buf; returns -errno on failure. */
static ssize_t acq_db_read_whole(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return -errno;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		if (n == 0 || (len += (size_t) n) == size) {
			break;
		}
	}
	close(fd);
	return (ssize_t) len;
}

#define ACQ_DB_ESTALE_RETRIES 5

acq_db_rc acq_db_efile_read_ex(const char *path, acq_db_state *out, int *stale, char *err, size_t errlen)
{
	char buf[ACQ_DB_FILE_MAX + 1];
	char why[ACQ_DB_ERR_MAX];
	ssize_t n;
	int tries = 0;
	acq_db_rc rc;

	/* Right after another GlusterFS client renamed a new file into place, a
	 * cached entry may still point at the old, deleted file: open or read
	 * then fails with ESTALE, and trying again looks the name up afresh. */
	while ((n = acq_db_read_whole(path, buf, sizeof(buf))) == -ESTALE && ++tries < ACQ_DB_ESTALE_RETRIES) {
		usleep(1000u * (unsigned) tries);
	}
	if (n == -ENOENT) {
		return acq_db_fail(err, errlen, ACQ_DB_E_MISSING,
			"election file %s does not exist: if the shared file system is not mounted, mount it; "
			"if this is a new cluster, create the file once with acq_db_init() or acq-db-admin init", path);
	}
	*stale = n == -ESTALE;
	if (n < 0) {
		return acq_db_fail(err, errlen, n == -EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
			"cannot read election file %s: %s", path, strerror((int) -n));
	}
	rc = acq_db_efile_parse(buf, (size_t) n, out, why, sizeof(why));
	if (rc != ACQ_DB_OK) {
		return acq_db_fail(err, errlen, rc, "election file %s is unusable: %s", path, why);
	}
	return ACQ_DB_OK;
}

acq_db_rc acq_db_efile_read(const char *path, acq_db_state *out, char *err, size_t errlen)
{
	int stale = 0;

	return acq_db_efile_read_ex(path, out, &stale, err, errlen);
}

static acq_db_rc acq_db_write_all(int fd, const char *buf, size_t len, const char *tmp, char *err, size_t errlen)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot write %s: %s", tmp, strerror(errno));
		}
		buf += n;
		len -= (size_t) n;
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_fsync_dir(const char *path, char *err, size_t errlen)
{
	char copy[ACQ_DB_PATH_MAX];
	int fd;

	acq_db_strlcpy(copy, path, sizeof(copy));
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot open directory of %s: %s", path, strerror(errno));
	}
	/* Some FUSE file systems refuse fsync on directories; the rename is still atomic. */
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOSYS) {
		int e = errno;
		close(fd);
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot fsync directory of %s: %s", path, strerror(e));
	}
	close(fd);
	return ACQ_DB_OK;
}

acq_db_rc acq_db_efile_write(const char *path, acq_db_state *st, char *err, size_t errlen)
{
	char buf[ACQ_DB_FILE_MAX];
	char tmp[ACQ_DB_PATH_MAX];
	struct stat old;
	size_t len = acq_db_efile_format(st, buf, sizeof(buf));
	mode_t mode = stat(path, &old) == 0 ? (old.st_mode & 07777) : ACQ_DB_EFILE_MODE;
	acq_db_rc rc;
	int fd;

	if (len == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election state does not fit in %d bytes", ACQ_DB_FILE_MAX);
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long) getpid()) >= (int) sizeof(tmp)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election file path is too long");
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		return acq_db_fail(err, errlen, errno == EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
			"cannot create %s: %s (the PHP user needs write access to the election file's directory)",
			tmp, strerror(errno));
	}
	(void) fchmod(fd, mode); /* not subject to the umask, so every node's user keeps access */
	rc = acq_db_write_all(fd, buf, len, tmp, err, errlen);
	if (rc == ACQ_DB_OK && fsync(fd) != 0) {
		rc = acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot fsync %s: %s", tmp, strerror(errno));
	}
	if (close(fd) != 0 && rc == ACQ_DB_OK) {
		rc = acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot close %s: %s", tmp, strerror(errno));
	}
	if (rc == ACQ_DB_OK && rename(tmp, path) != 0) {
		rc = acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
	}
	if (rc != ACQ_DB_OK) {
		unlink(tmp);
		return rc;
	}
	st->checksum = acq_db_crc32(buf, (size_t) (strstr(buf, "\nchecksum: ") + 1 - buf));
	return acq_db_fsync_dir(path, err, errlen);
}

int acq_db_state_is_demoted(const acq_db_state *st, const char *name)
{
	int i;

	for (i = 0; i < st->demoted_count; i++) {
		if (strcmp(st->demoted[i], name) == 0) {
			return 1;
		}
	}
	return 0;
}

void acq_db_state_demote(acq_db_state *st, const char *name)
{
	if (acq_db_state_is_demoted(st, name) || st->demoted_count == ACQ_DB_MAX_SERVERS) {
		return;
	}
	acq_db_strlcpy(st->demoted[st->demoted_count++], name, ACQ_DB_NAME_MAX);
}

void acq_db_state_undemote(acq_db_state *st, const char *name)
{
	int i;

	for (i = 0; i < st->demoted_count; i++) {
		if (strcmp(st->demoted[i], name) == 0) {
			memmove(st->demoted[i], st->demoted[i + 1], (size_t) (st->demoted_count - i - 1) * ACQ_DB_NAME_MAX);
			st->demoted_count--;
			return;
		}
	}
}

void acq_db_state_set_reason(acq_db_state *st, const char *reason)
{
	size_t i;

	acq_db_strlcpy(st->reason, reason ? reason : "", sizeof(st->reason));
	for (i = 0; st->reason[i]; i++) {
		if ((unsigned char) st->reason[i] < 0x20 || st->reason[i] == 0x7f) {
			st->reason[i] = ' ';
		}
	}
}

void acq_db_state_stamp(acq_db_state *st)
{
	struct timespec ts;
	char host[ACQ_DB_HOST_MAX];
	size_t i;

	clock_gettime(CLOCK_REALTIME, &ts);
	st->changed_at_ms = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (gethostname(host, sizeof(host)) != 0) {
		strcpy(host, "-");
	}
	host[sizeof(host) - 1] = '\0';
	for (i = 0; host[i]; i++) {
		if (host[i] == ' ' || (unsigned char) host[i] < 0x20) {
			host[i] = '_';
		}
	}
	acq_db_strlcpy(st->changed_by_host, host[0] ? host : "-", sizeof(st->changed_by_host));
	st->changed_by_pid = (long) getpid();
}
