/*
 * Reads the acq_db.* settings out of a php.ini or a php-fpm pool file, so an
 * operator's tool takes the very values the web farm runs with instead of a
 * second copy that drifts. Both spellings are understood: plain
 * `acq_db.servers = "..."` and the pool form `php_admin_value[acq_db.servers]
 * = ...` (also php_value, php_admin_flag, php_flag), with double-quoted,
 * single-quoted or bare values. A pure parser: no PHP, no globals.
 */
#ifndef ACQ_DB_INIFILE_H
#define ACQ_DB_INIFILE_H

#include "lib/acq_db_common.h"

#define ACQ_DB_INI_MAX_ENTRIES 32
#define ACQ_DB_INI_KEY_MAX 64
#define ACQ_DB_INI_VALUE_MAX 4096

typedef struct acq_db_ini_entry {
	char key[ACQ_DB_INI_KEY_MAX];       /* without the "acq_db." prefix: "servers" */
	char value[ACQ_DB_INI_VALUE_MAX];   /* unquoted */
	char section[ACQ_DB_INI_KEY_MAX];   /* "" before any [section]; a pool's name */
	int line;                           /* 1-based, of the last assignment */
} acq_db_ini_entry;

typedef struct acq_db_ini {
	int count;
	acq_db_ini_entry items[ACQ_DB_INI_MAX_ENTRIES];
} acq_db_ini;

/* Parses a whole file's bytes. Within a section the last assignment wins
 * (as in PHP); two sections (pools) giving one setting different values is
 * refused, since the file then does not say which the tool should use. err
 * names the line. Other directives are ignored. */
acq_db_rc acq_db_inifile_parse(const char *buf, size_t len, acq_db_ini *out, char *err, size_t errlen);

/* acq_db_inifile_parse of the file at path (at most 1 MiB). */
acq_db_rc acq_db_inifile_read(const char *path, acq_db_ini *out, char *err, size_t errlen);

/* The value of acq_db.KEY ("servers"), or NULL when the file does not set it. */
const char *acq_db_ini_get(const acq_db_ini *ini, const char *key);

#endif
