/*
 * Small helpers every core module uses: return-code names and the error
 * buffer writer.
 */
#include "lib/acq_db_common.h"

#include <stdarg.h>
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
