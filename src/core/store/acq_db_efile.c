/*
 * Election file format, version 2. Example:
 *
 *   # acq_db election file: do not edit; a wrong checksum makes every node refuse it.
 *   acq_db_election: 2
 *   incarnation: 5f0c2a9e41b7d386
 *   epoch: 3
 *   active: db2
 *   changed_at: 1796000000123 2026-11-28T06:53:20.123Z
 *   changed_by: web1 4242
 *   change: election
 *   reason: election: db1 (10.0.0.11:3306) connect refused
 *   demoted: db1
 *   checksum: 8c1f0a3e
 *
 * The checksum is CRC-32 of every byte before the "checksum:" line, so a torn
 * write (truncated file) or a hand edit is detected and never half-trusted.
 * The reader is strict, since the only writer is acq_db: the header line
 * first, keys fixed and each exactly once, in this order, every value in the
 * one spelling the writer uses (docs/design.md, "Grammar").
 *
 * Version 1 (no incarnation and no change line) is still read: it has the
 * legacy incarnation, and its kind of change is taken from the start of the
 * reason, the one place where text still means something; the next write
 * upgrades the file to version 2.
 */
#include "store/acq_db_efile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ACQ_DB_EFILE_HEADER_LINE "# acq_db election file: do not edit; a wrong checksum makes every node refuse it."
#define ACQ_DB_EFILE_HEADER ACQ_DB_EFILE_HEADER_LINE "\n"
#define ACQ_DB_EFILE_MAGIC "acq_db_election"
#define ACQ_DB_EFILE_MODE 0664
/* 9999-12-31T23:59:59.999Z, the last instant with a four-digit year */
#define ACQ_DB_CHANGED_AT_MAX INT64_C(253402300799999)
#define ACQ_DB_PID_MAX 2147483647 /* pid_t is an int */

/* CRC-32 (IEEE 802.3: reflected, polynomial 0xEDB88320) of each byte value.
 * A constant, not a table built on first use: built lazily it was a data
 * race between the threads of a ZTS PHP, where a thread could see the table
 * marked ready before it was complete and refuse a good file.
 * tests/check_efile.c checks it against the bitwise definition. */
static const uint32_t acq_db_crc_table[256] = {
	0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
	0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
	0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
	0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
	0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
	0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
	0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
	0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
	0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
	0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
	0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
	0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
	0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
	0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
	0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
	0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
	0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
	0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
	0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
	0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
	0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
	0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
	0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
	0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
	0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
	0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
	0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
	0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
	0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
	0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
	0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
	0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
	0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
	0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
	0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
	0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
	0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
	0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
	0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
	0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
	0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
	0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
	0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

uint32_t acq_db_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;

	for (i = 0; i < len; i++) {
		crc = acq_db_crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
	}
	return crc ^ 0xFFFFFFFFu;
}

/* C0 controls and DEL: bytes the writer never puts inside a line. */
static int acq_db_is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static void acq_db_format_iso(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t) (ms / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int) (ms % 1000));
}

/* The writer's copy of a free-text field: control bytes become repl, so
 * whatever a caller put into the state, the file stays in the grammar. */
static void acq_db_clean_copy(char *dst, size_t size, const char *src, char repl, int blank_too)
{
	size_t i;

	acq_db_strlcpy(dst, src, size);
	for (i = 0; dst[i]; i++) {
		if (acq_db_is_control((unsigned char) dst[i]) || (blank_too && dst[i] == ' ')) {
			dst[i] = repl;
		}
	}
}

static const char *const acq_db_change_kind_names[] = {
	[ACQ_DB_CHANGE_OTHER] = "other",
	[ACQ_DB_CHANGE_INIT] = "init",
	[ACQ_DB_CHANGE_ELECTION] = "election",
	[ACQ_DB_CHANGE_SWITCHOVER] = "switchover",
	[ACQ_DB_CHANGE_REJOIN] = "rejoin",
};

#define ACQ_DB_CHANGE_KINDS ((int) (sizeof(acq_db_change_kind_names) / sizeof(acq_db_change_kind_names[0])))

const char *acq_db_change_kind_name(acq_db_change_kind kind)
{
	return (int) kind >= 0 && (int) kind < ACQ_DB_CHANGE_KINDS ? acq_db_change_kind_names[kind] : "other";
}

int acq_db_change_kind_parse(const char *word)
{
	int i;

	for (i = 0; i < ACQ_DB_CHANGE_KINDS; i++) {
		if (strcmp(word, acq_db_change_kind_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

/* Exactly 16 lowercase hex digits, as the writer writes them. */
static int acq_db_is_incarnation(const char *s)
{
	size_t i;

	for (i = 0; i < ACQ_DB_INCARNATION_LEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return 0;
		}
	}
	return s[ACQ_DB_INCARNATION_LEN] == '\0';
}

/* What the writer writes for st's incarnation: a state that never had one
 * (read from version 1, or built by hand) has the legacy one. */
static const char *acq_db_incarnation_or_legacy(const acq_db_state *st)
{
	return acq_db_is_incarnation(st->incarnation) ? st->incarnation : ACQ_DB_INCARNATION_LEGACY;
}

size_t acq_db_efile_format(const acq_db_state *st, char *buf, size_t len)
{
	char iso[64];
	char host[ACQ_DB_HOST_MAX];
	char reason[ACQ_DB_REASON_MAX];
	/* out-of-range values (a state never read or stamped) are written as
	 * the nearest value the reader takes */
	int64_t at = st->changed_at_ms < 0 ? 0 : st->changed_at_ms > ACQ_DB_CHANGED_AT_MAX ? ACQ_DB_CHANGED_AT_MAX : st->changed_at_ms;
	long pid = st->changed_by_pid < 0 || st->changed_by_pid > ACQ_DB_PID_MAX ? 0 : st->changed_by_pid;
	int n;
	int i;
	size_t used;

	acq_db_format_iso(at, iso, sizeof(iso));
	acq_db_clean_copy(host, sizeof(host), st->changed_by_host[0] ? st->changed_by_host : "-", '_', 1);
	acq_db_clean_copy(reason, sizeof(reason), st->reason, ' ', 0);
	n = snprintf(buf, len,
		ACQ_DB_EFILE_HEADER
		ACQ_DB_EFILE_MAGIC ": %d\n"
		"incarnation: %s\n"
		"epoch: %" PRIu64 "\n"
		"active: %s\n"
		"changed_at: %" PRId64 " %s\n"
		"changed_by: %s %ld\n"
		"change: %s\n"
		"reason: %s\n"
		"demoted:",
		ACQ_DB_EFILE_VERSION, acq_db_incarnation_or_legacy(st), st->epoch, st->active, at, iso, host, pid,
		acq_db_change_kind_name(st->change), reason);
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
	const char *line_at; /* start of the line read last */
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
	ls->line_at = ls->p;
	ls->p = nl + 1;
	ls->lineno++;
	return 1;
}

/* The index of the first control byte in s, or -1. */
static long acq_db_find_control(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if (acq_db_is_control((unsigned char) *p)) {
			return (long) (p - s);
		}
	}
	return -1;
}

/* Expects "key:" on the next line that is not a comment; value points into
 * line just after the colon (at " VALUE", or at "" for an empty demoted
 * list). Comment lines are covered by the checksum like any other. */
static acq_db_rc acq_db_expect_key(acq_db_lines *ls, const char *key, char *line, size_t len,
	const char **value, char *err, size_t errlen)
{
	size_t klen = strlen(key);
	int r;

	for (;;) {
		r = acq_db_next_line(ls, line, len);
		if (r != 1 || line[0] != '#') {
			break;
		}
		if (acq_db_find_control(line) >= 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: a comment line holds a control byte", ls->lineno);
		}
	}
	if (r <= 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"file ends before the '%s' line (truncated or torn write)", key);
	}
	if (strncmp(line, key, klen) != 0 || line[klen] != ':') {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: expected '%s:', found '%.60s'", ls->lineno, key, line);
	}
	*value = line + klen + 1;
	return ACQ_DB_OK;
}

/* The value of a "key: value" line: exactly one blank after the colon. */
static acq_db_rc acq_db_after_blank(const char **value, const acq_db_lines *ls, const char *key, char *err, size_t errlen)
{
	if ((*value)[0] != ' ') {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: expected one blank after '%s:'", ls->lineno, key);
	}
	(*value)++;
	return ACQ_DB_OK;
}

/* acq_db_parse_dec of the whole string. */
static int acq_db_parse_dec_all(const char *s, uint64_t max, uint64_t *out)
{
	const char *end;

	return acq_db_parse_dec(s, max, out, &end) == 0 && *end == '\0' ? 0 : -1;
}

/* A server name of n bytes at v into dst (NAME_MAX with its NUL). */
static acq_db_rc acq_db_parse_name_n(const char *v, size_t n, char *dst, const char *what, int lineno, char *err, size_t errlen)
{
	size_t i;

	if (n == 0 || n >= ACQ_DB_NAME_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: %s name is empty or too long", lineno, what);
	}
	for (i = 0; i < n; i++) {
		if (!acq_db_is_name_char(v[i])) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: bad %s name '%.40s'", lineno, what, v);
		}
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
	return ACQ_DB_OK;
}

/* "" or " NAME" repeated: names unique, none of them the active server (the
 * writer demotes the server it elects away from and undemotes the one it
 * makes active; a duplicate would make acq_db_rejoin() remove one copy only). */
static acq_db_rc acq_db_parse_demoted(const char *v, acq_db_state *out, int lineno, char *err, size_t errlen)
{
	while (*v) {
		const char *name = v + 1;
		size_t n = strcspn(name, " ");
		char *dst;
		acq_db_rc rc;

		if (v[0] != ' ' || n == 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
				"line %d: demoted names are separated by exactly one blank", lineno);
		}
		if (out->demoted_count == ACQ_DB_MAX_SERVERS) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: too many demoted servers", lineno);
		}
		dst = out->demoted[out->demoted_count];
		if ((rc = acq_db_parse_name_n(name, n, dst, "demoted server", lineno, err, errlen)) != ACQ_DB_OK) {
			return rc;
		}
		if (acq_db_state_is_demoted(out, dst) || strcmp(dst, out->active) == 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: '%s' is %s", lineno, dst,
				strcmp(dst, out->active) == 0 ? "the active server and cannot be demoted" : "demoted twice");
		}
		out->demoted_count++;
		v = name + n;
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_header(acq_db_lines *ls, char *line, size_t len, char *err, size_t errlen)
{
	int r = acq_db_next_line(ls, line, len);

	if (r != 1) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "file ends inside its first line (truncated or torn write)");
	}
	if (strcmp(line, ACQ_DB_EFILE_HEADER_LINE) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"not an acq_db election file (line 1: expected the header '" ACQ_DB_EFILE_HEADER_LINE "', found '%.60s')",
			line);
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_version(acq_db_lines *ls, char *line, size_t len, uint64_t *out, char *err, size_t errlen)
{
	char why[ACQ_DB_ERR_MAX];
	const char *v;
	uint64_t version;
	acq_db_rc rc = acq_db_expect_key(ls, ACQ_DB_EFILE_MAGIC, line, len, &v, why, sizeof(why));

	if (rc != ACQ_DB_OK) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "not an acq_db election file (%s)", why);
	}
	if (acq_db_after_blank(&v, ls, ACQ_DB_EFILE_MAGIC, err, errlen) != ACQ_DB_OK) {
		return ACQ_DB_E_CORRUPT;
	}
	if (acq_db_parse_dec_all(v, UINT64_MAX, &version) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: version '%.20s' is not a number", ls->lineno, v);
	}
	if (version != 1 && version != ACQ_DB_EFILE_VERSION) {
		return acq_db_fail(err, errlen, ACQ_DB_E_VERSION,
			"format version %" PRIu64 " is not supported by this acq_db (it reads versions 1 to %d); "
			"upgrade acq_db on this node", version, ACQ_DB_EFILE_VERSION);
	}
	*out = version;
	return ACQ_DB_OK;
}

/* The line's value after "key: ". */
static acq_db_rc acq_db_expect_value(acq_db_lines *ls, const char *key, char *line, size_t len, const char **v,
	char *err, size_t errlen)
{
	acq_db_rc rc = acq_db_expect_key(ls, key, line, len, v, err, errlen);

	return rc != ACQ_DB_OK ? rc : acq_db_after_blank(v, ls, key, err, errlen);
}

/* "MS ISO": milliseconds since 1970 up to the end of year 9999, then the
 * same instant as the writer spells it for people. A bound here keeps
 * "now - changed_at" from overflowing wherever it is computed. */
static acq_db_rc acq_db_parse_changed_at(const char *v, acq_db_state *out, int lineno, char *err, size_t errlen)
{
	char iso[64];
	const char *end;
	uint64_t ms;

	if (acq_db_parse_dec(v, (uint64_t) ACQ_DB_CHANGED_AT_MAX, &ms, &end) != 0 || *end != ' ') {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: changed_at must be milliseconds from 0 to %" PRId64 ", a blank and the ISO time",
			lineno, ACQ_DB_CHANGED_AT_MAX);
	}
	acq_db_format_iso((int64_t) ms, iso, sizeof(iso));
	if (strcmp(end + 1, iso) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: changed_at's ISO time is not %s", lineno, iso);
	}
	out->changed_at_ms = (int64_t) ms;
	return ACQ_DB_OK;
}

/* "HOST PID": a host of printable bytes without blanks (what
 * acq_db_state_stamp leaves of gethostname), one blank, a pid. */
static acq_db_rc acq_db_parse_changed_by(const char *v, acq_db_state *out, int lineno, char *err, size_t errlen)
{
	size_t n = strcspn(v, " ");
	uint64_t pid;
	size_t i;

	for (i = 0; i < n; i++) {
		if (acq_db_is_control((unsigned char) v[i])) {
			n = 0;
			break;
		}
	}
	if (n == 0 || n >= sizeof(out->changed_by_host) || v[n] != ' '
		|| acq_db_parse_dec_all(v + n + 1, ACQ_DB_PID_MAX, &pid) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: changed_by must be 'HOST PID' (a host without blanks or control bytes, a pid up to %d)",
			lineno, ACQ_DB_PID_MAX);
	}
	memcpy(out->changed_by_host, v, n);
	out->changed_by_host[n] = '\0';
	out->changed_by_pid = (long) pid;
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_reason(const char *v, acq_db_state *out, int lineno, char *err, size_t errlen)
{
	if (strlen(v) >= sizeof(out->reason) || acq_db_find_control(v) >= 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: reason must be at most %d bytes without control bytes", lineno, ACQ_DB_REASON_MAX - 1);
	}
	memcpy(out->reason, v, strlen(v) + 1);
	return ACQ_DB_OK;
}

/* "incarnation: " and 16 lowercase hex digits (version 2 on). */
static acq_db_rc acq_db_parse_incarnation(acq_db_lines *ls, char *line, size_t len, acq_db_state *out,
	char *err, size_t errlen)
{
	const char *v;
	acq_db_rc rc = acq_db_expect_value(ls, "incarnation", line, len, &v, err, errlen);

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	if (!acq_db_is_incarnation(v)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: incarnation '%.30s' is not %d lowercase hex digits",
			ls->lineno, v, ACQ_DB_INCARNATION_LEN);
	}
	memcpy(out->incarnation, v, ACQ_DB_INCARNATION_LEN + 1);
	return ACQ_DB_OK;
}

/* "change: " and one of the kinds' words (version 2 on). */
static acq_db_rc acq_db_parse_change(acq_db_lines *ls, char *line, size_t len, acq_db_state *out,
	char *err, size_t errlen)
{
	const char *v;
	int kind;
	acq_db_rc rc = acq_db_expect_value(ls, "change", line, len, &v, err, errlen);

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	if ((kind = acq_db_change_kind_parse(v)) < 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"line %d: change '%.30s' is not one of init, election, switchover, rejoin, other", ls->lineno, v);
	}
	out->change = (acq_db_change_kind) kind;
	return ACQ_DB_OK;
}

/* A version 1 file has no change line: its kind is what acq_db of that
 * version started the reason with. Only this reader looks at the text. */
static acq_db_change_kind acq_db_change_from_v1_reason(const char *reason)
{
	static const struct { const char *prefix; acq_db_change_kind kind; } v1[] = {
		{ "election: ", ACQ_DB_CHANGE_ELECTION },
		{ "switchover from ", ACQ_DB_CHANGE_SWITCHOVER },
		{ "rejoin: ", ACQ_DB_CHANGE_REJOIN },
		{ "initialised", ACQ_DB_CHANGE_INIT },
	};
	size_t i;

	for (i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
		if (strncmp(reason, v1[i].prefix, strlen(v1[i].prefix)) == 0) {
			return v1[i].kind;
		}
	}
	return ACQ_DB_CHANGE_OTHER;
}

static acq_db_rc acq_db_parse_body(acq_db_lines *ls, acq_db_state *out, char *err, size_t errlen)
{
	char line[ACQ_DB_FILE_MAX];
	const char *v;
	uint64_t version = 0;
	acq_db_rc rc;

	if ((rc = acq_db_parse_header(ls, line, sizeof(line), err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_version(ls, line, sizeof(line), &version, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if (version == 1) {
		memcpy(out->incarnation, ACQ_DB_INCARNATION_LEGACY, ACQ_DB_INCARNATION_LEN + 1);
	} else if ((rc = acq_db_parse_incarnation(ls, line, sizeof(line), out, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if ((rc = acq_db_expect_value(ls, "epoch", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if (acq_db_parse_dec_all(v, (uint64_t) INT64_MAX, &out->epoch) != 0 || out->epoch == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: epoch '%.30s' is not a number from 1 to %" PRId64,
			ls->lineno, v, INT64_MAX);
	}
	if ((rc = acq_db_expect_value(ls, "active", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_name_n(v, strlen(v), out->active, "active server", ls->lineno, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_expect_value(ls, "changed_at", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_changed_at(v, out, ls->lineno, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_expect_value(ls, "changed_by", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_changed_by(v, out, ls->lineno, err, errlen)) != ACQ_DB_OK
		|| (version > 1 && (rc = acq_db_parse_change(ls, line, sizeof(line), out, err, errlen)) != ACQ_DB_OK)
		|| (rc = acq_db_expect_value(ls, "reason", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_parse_reason(v, out, ls->lineno, err, errlen)) != ACQ_DB_OK
		|| (rc = acq_db_expect_key(ls, "demoted", line, sizeof(line), &v, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	if (version == 1) {
		out->change = acq_db_change_from_v1_reason(out->reason);
	}
	return acq_db_parse_demoted(v, out, ls->lineno, err, errlen);
}

/* Exactly 8 lowercase hex digits, as the writer writes them. */
static int acq_db_parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			v = v << 4 | (uint32_t) (c - '0');
		} else if (c >= 'a' && c <= 'f') {
			v = v << 4 | (uint32_t) (c - 'a' + 10);
		} else {
			return -1;
		}
	}
	*out = v;
	return s[8] == '\0' ? 0 : -1;
}

static acq_db_rc acq_db_verify_checksum(acq_db_lines *ls, const char *buf, acq_db_state *out, char *err, size_t errlen)
{
	char line[ACQ_DB_FILE_MAX];
	const char *v;
	uint32_t want;
	uint32_t have;
	acq_db_rc rc = acq_db_expect_value(ls, "checksum", line, sizeof(line), &v, err, errlen);

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	/* every byte before the checksum line, comment lines just above it included */
	have = acq_db_crc32(buf, (size_t) (ls->line_at - buf));
	if (acq_db_parse_hex8(v, &want) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "line %d: checksum '%.20s' is not 8 lowercase hex digits", ls->lineno, v);
	}
	if (want != have) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"checksum mismatch (file says %08" PRIx32 ", content gives %08" PRIx32 "): edited by hand or torn write",
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
	size_t line;
	char hex[9];

	if (len < sizeof(key) + 8 || buf[len - 1] != '\n') {
		return 0;
	}
	line = len - (sizeof(key) - 1) - 9; /* start of the last line if it is well-formed */
	if ((line > 0 && buf[line - 1] != '\n') || memcmp(buf + line, key, sizeof(key) - 1) != 0) {
		return 0;
	}
	snprintf(hex, sizeof(hex), "%08" PRIx32, acq_db_crc32(buf, line));
	return memcmp(buf + line + sizeof(key) - 1, hex, 8) == 0;
}

acq_db_rc acq_db_efile_parse(const char *buf, size_t len, acq_db_state *out, char *err, size_t errlen)
{
	acq_db_lines ls = { buf, buf + len, buf, 0 };
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
			"the version line says something other than 1 or 2 and the checksum does not match: edited by hand or torn write");
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

/* n random bytes from the kernel; -1 if it has none to give. */
static int acq_db_random_bytes(void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom((char *) buf + got, n - got, 0);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return -1;
		}
		got += (size_t) r;
	}
	return 0;
}

#define ACQ_DB_TEMP_TRIES 16

/* Creates FILE.tmp.PID.RANDOM for writing. The directory is shared by every
 * worker of every node, so the name must not be guessable and the open must
 * neither follow a planted symlink nor reuse a planted file: O_EXCL (which
 * also refuses a symlink at the name) and O_NOFOLLOW, as mkstemp does, with
 * the mode of the election file rather than mkstemp's 0600. */
static acq_db_rc acq_db_create_temp(const char *path, mode_t mode, char *tmp, size_t tmplen, int *fd,
	char *err, size_t errlen)
{
	int tries;

	for (tries = 0; tries < ACQ_DB_TEMP_TRIES; tries++) {
		uint64_t r;
		if (acq_db_random_bytes(&r, sizeof(r)) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot name a temporary file for %s: getrandom: %s",
				path, strerror(errno));
		}
		if (snprintf(tmp, tmplen, "%s.tmp.%ld.%016" PRIx64, path, (long) getpid(), r) >= (int) tmplen) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election file path is too long");
		}
		*fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (*fd >= 0) {
			return ACQ_DB_OK;
		}
		if (errno != EEXIST) {
			break;
		}
	}
	return acq_db_fail(err, errlen, errno == EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
		"cannot create %s: %s (the PHP user needs write access to the election file's directory)",
		tmp, strerror(errno));
}

acq_db_rc acq_db_state_new_incarnation(acq_db_state *st, char *err, size_t errlen)
{
	uint64_t r;

	do {
		if (acq_db_random_bytes(&r, sizeof(r)) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot make an incarnation id: getrandom: %s",
				strerror(errno));
		}
	} while (r == 0); /* all zeros is the legacy incarnation of version 1 files */
	snprintf(st->incarnation, sizeof(st->incarnation), "%016" PRIx64, r);
	return ACQ_DB_OK;
}

int acq_db_state_is_behind(const acq_db_state *seen, const acq_db_state *next)
{
	return strcmp(seen->incarnation, next->incarnation) == 0 && next->epoch < seen->epoch;
}

acq_db_rc acq_db_state_may_follow(const acq_db_state *seen, const acq_db_state *next, const char *path,
	char *err, size_t errlen)
{
	if (next->epoch > seen->epoch && next->epoch - seen->epoch > ACQ_DB_EPOCH_STEP_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"election file %s jumps from epoch %" PRIu64 " to %" PRIu64 ", more than %d at once: damaged or forged, "
			"so it is refused (a forged epoch near the limit would block every later election). To repair: move the "
			"file aside (mv FILE FILE.damaged) and run acq-db-admin init NAME with the server that really is the master",
			path, seen->epoch, next->epoch, ACQ_DB_EPOCH_STEP_MAX);
	}
	if (acq_db_state_is_behind(seen, next)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"election file %s went back from epoch %" PRIu64 " to %" PRIu64 " within incarnation %s "
			"(restored from a backup?); switch over with acq_db_switchover() to write a newer epoch, "
			"or re-create the file with acq-db-admin init, which starts a new incarnation",
			path, seen->epoch, next->epoch, next->incarnation);
	}
	return ACQ_DB_OK;
}

acq_db_rc acq_db_efile_write(const char *path, acq_db_state *st, char *err, size_t errlen)
{
	char buf[ACQ_DB_FILE_MAX];
	char tmp[ACQ_DB_PATH_MAX];
	struct stat old;
	size_t len;
	mode_t mode = stat(path, &old) == 0 ? (old.st_mode & 07777) : ACQ_DB_EFILE_MODE;
	acq_db_rc rc;
	int fd = -1;

	/* the state then says what the file says, for those who keep it */
	memcpy(st->incarnation, acq_db_incarnation_or_legacy(st), ACQ_DB_INCARNATION_LEN + 1);
	len = acq_db_efile_format(st, buf, sizeof(buf));
	if (len == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election state does not fit in %d bytes", ACQ_DB_FILE_MAX);
	}
	rc = acq_db_create_temp(path, mode, tmp, sizeof(tmp), &fd, err, errlen);
	if (rc != ACQ_DB_OK) {
		return rc;
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
		if (host[i] == ' ' || acq_db_is_control((unsigned char) host[i])) {
			host[i] = '_';
		}
	}
	acq_db_strlcpy(st->changed_by_host, host[0] ? host : "-", sizeof(st->changed_by_host));
	st->changed_by_pid = (long) getpid();
}
