/*
 * Small helpers every core module uses: return-code names and the error
 * buffer writer.
 */
#include "lib/acq_db_common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *acq_db_rc_name(acq_db_rc rc)
{
	switch (rc) {
	case ACQ_DB_OK: return "ok";
	case ACQ_DB_E_INVALID: return "invalid";
	case ACQ_DB_E_MISSING: return "missing";
	case ACQ_DB_E_CORRUPT: return "corrupt";
	case ACQ_DB_E_VERSION: return "wrong-version";
	case ACQ_DB_E_UNKNOWN_SERVER: return "unknown-server";
	case ACQ_DB_E_IO: return "io";
	case ACQ_DB_E_PERM: return "permission";
	case ACQ_DB_E_LOCK_TIMEOUT: return "lock-timeout";
	case ACQ_DB_E_EXISTS: return "exists";
	case ACQ_DB_E_NO_CANDIDATE: return "no-candidate";
	case ACQ_DB_E_HOLD: return "hold";
	case ACQ_DB_E_FS_TIMEOUT: return "fs-timeout";
	case ACQ_DB_E_ALIVE: return "alive";
	}
	return "unknown";
}

acq_db_rc acq_db_fail(char *err, size_t errlen, acq_db_rc rc, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int acq_db_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
		|| c == '.';
}

int acq_db_parse_uint(const char *text, unsigned long long max, unsigned long long *out)
{
	unsigned long long n;
	char *end;

	if (!text || text[0] < '0' || text[0] > '9') {
		return -1;
	}
	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno || *end || n > max) {
		return -1;
	}
	*out = n;
	return 0;
}

int acq_db_parse_dec(const char *s, uint64_t max, uint64_t *out, const char **end)
{
	const char *p = s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9')) {
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned) (*p - '0');
		if (v > (max - d) / 10) {
			return -1;
		}
		v = v * 10 + d;
	}
	*out = v;
	*end = p;
	return 0;
}

int acq_db_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0) {
		return -1;
	}
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}
