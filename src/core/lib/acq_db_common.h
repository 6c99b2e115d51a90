/*
 * Types shared by every core module: return codes, size limits and the error
 * buffer convention. The core never includes a PHP header, so the Check suite
 * and the operator CLI link the very same objects as the extension.
 */
#ifndef ACQ_DB_COMMON_H
#define ACQ_DB_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define ACQ_DB_MAX_SERVERS 16
#define ACQ_DB_NAME_MAX 32          /* server name, incl. NUL */
#define ACQ_DB_HOST_MAX 256         /* host name or IP literal, incl. NUL */
#define ACQ_DB_SOCKET_MAX 108       /* sun_path */
#define ACQ_DB_REASON_MAX 256
#define ACQ_DB_ERR_MAX 1024
#define ACQ_DB_PATH_MAX 4096
#define ACQ_DB_FILE_MAX 4096        /* larger election files are refused */

/* Every fallible core call returns one of these and, when not OK, fills a
 * caller-supplied error buffer with a sentence an operator can act on. */
typedef enum acq_db_rc {
	ACQ_DB_OK = 0,
	ACQ_DB_E_INVALID,        /* bad argument or configuration */
	ACQ_DB_E_MISSING,        /* election file does not exist */
	ACQ_DB_E_CORRUPT,        /* checksum, syntax, truncation, empty, oversized */
	ACQ_DB_E_VERSION,        /* written by a format version we do not know */
	ACQ_DB_E_UNKNOWN_SERVER, /* names a server missing from acq_db.servers */
	ACQ_DB_E_IO,             /* open/read/write/fsync/rename failed */
	ACQ_DB_E_PERM,           /* permission denied */
	ACQ_DB_E_LOCK_TIMEOUT,   /* lock not had within lock_timeout_ms */
	ACQ_DB_E_EXISTS,         /* init refused: file already there */
	ACQ_DB_E_NO_CANDIDATE,   /* election: no server passed the probe */
	ACQ_DB_E_HOLD,           /* election refused: the last one is too recent */
	ACQ_DB_E_FS_TIMEOUT,     /* the shared file system did not answer in time */
	ACQ_DB_E_ALIVE           /* election refused: the master's replicas still receive from it */
} acq_db_rc;

const char *acq_db_rc_name(acq_db_rc rc);

/* snprintf into an error buffer that may be NULL; returns rc for tail calls. */
acq_db_rc acq_db_fail(char *err, size_t errlen, acq_db_rc rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Bounded string copy that always terminates; returns 0 if src fitted. */
int acq_db_strlcpy(char *dst, const char *src, size_t size);

/* The bytes of a server name and of a host name: ASCII letters, digits,
 * '_', '-' and '.', whatever the locale (isalnum() is locale-dependent).
 * The one definition: acq_db.servers, the election file, acq_db.alias and
 * the SQL the promotion writes all use it. */
int acq_db_is_name_char(char c);

/* Operator input (INI values, CLI flags): digits only, no sign, no blank,
 * leading zeros allowed, at most max. 0 and *out, or -1. */
int acq_db_parse_uint(const char *text, unsigned long long max, unsigned long long *out);

/* Machine-written numbers (the election file, ports in acq_db.servers):
 * one spelling each, "0" or digits without a leading zero, no sign, at most
 * max. *end is the byte after the digits. 0, or -1. */
int acq_db_parse_dec(const char *s, uint64_t max, uint64_t *out, const char **end);

#endif
