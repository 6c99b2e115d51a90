/*
 * The one list of acq_db's settings. Each row of acq_db_settings[] says a
 * directive's name, kind, default, bounds, where its value goes in
 * acq_db_config and what a good value looks like; one validator per kind
 * turns text into that field or into a message an operator can act on.
 * Everything else is made from this table: the extension's INI entries
 * (src/php/acq_db_ini.c), acq-db-admin's --ini and environment reading,
 * acq_db_status()'s "settings", phpinfo(), and the check that
 * docs/configuration.md lists the same directives, defaults and bounds
 * (tests/check_settings.c). A new setting is one row here and one field in
 * acq_db_config.
 */
#ifndef ACQ_DB_SETTINGS_H
#define ACQ_DB_SETTINGS_H

#include <stddef.h>

#include "lib/acq_db_common.h"
#include "config/acq_db_servers.h"

#define ACQ_DB_ALIAS_MAX 256        /* a DNS name is at most 253 bytes */
#define ACQ_DB_SETTING_PREFIX "acq_db."

/* The parsed settings the core receives: the node's cache and poller read
 * the first group, the glue and the CLI the rest. */
typedef struct acq_db_config {
	acq_db_server_list servers;
	char election_file[ACQ_DB_PATH_MAX];
	char state_dir[ACQ_DB_PATH_MAX];  /* node-local dir for the shared page; "": per process */
	unsigned recheck_ms;               /* how often the node re-reads the election file */
	unsigned first_read_timeout_ms;    /* how long a process without state waits for it */
	unsigned lock_timeout_ms;          /* one deadline over lock, read and write of a change */
	unsigned failover_hold_ms;         /* no 2nd automatic election this soon after one */
	unsigned connect_timeout_ms;       /* each connect attempt to a member */
	unsigned catchup_timeout_ms;       /* how long an elected replica may take to catch up */
	char alias[ACQ_DB_ALIAS_MAX];      /* host name meaning "the active master"; "": none */
	char admin_credentials[ACQ_DB_PATH_MAX]; /* path of the option file; never its contents */
	int routing;                       /* the mysqlnd hook routes connects */
	int retry_reads;                   /* a safe read lost with its connection is sent once more (failover/acq_db_stmt.h) */
	int operator_functions;            /* PHP may call switchover, rejoin, init */
} acq_db_config;

typedef enum acq_db_setting_kind {
	ACQ_DB_KIND_SERVERS,      /* the acq_db.servers grammar (acq_db_servers.h) */
	ACQ_DB_KIND_FILE,         /* an absolute path to a file */
	ACQ_DB_KIND_DIR,          /* an absolute path to a directory, or empty */
	ACQ_DB_KIND_OPTFILE,      /* the path of a MySQL option file, or empty */
	ACQ_DB_KIND_MILLIS,       /* digits only, within [min, max] */
	ACQ_DB_KIND_HOST,         /* a host name, or empty */
	ACQ_DB_KIND_BOOL          /* On/Off, 1/0, yes/no, true/false */
} acq_db_setting_kind;

/* The rows, in the order docs/configuration.md lists them. */
typedef enum acq_db_setting_id {
	ACQ_DB_SET_SERVERS,
	ACQ_DB_SET_ELECTION_FILE,
	ACQ_DB_SET_RECHECK_MS,
	ACQ_DB_SET_STATE_DIR,
	ACQ_DB_SET_FIRST_READ_TIMEOUT_MS,
	ACQ_DB_SET_LOCK_TIMEOUT_MS,
	ACQ_DB_SET_CONNECT_TIMEOUT_MS,
	ACQ_DB_SET_FAILOVER_HOLD_MS,
	ACQ_DB_SET_ALIAS,
	ACQ_DB_SET_ADMIN_CREDENTIALS,
	ACQ_DB_SET_CATCHUP_TIMEOUT_MS,
	ACQ_DB_SET_ROUTING,
	ACQ_DB_SET_OPERATOR_FUNCTIONS,
	ACQ_DB_SET_RETRY_READS,
	ACQ_DB_SETTING_COUNT
} acq_db_setting_id;

#define ACQ_DB_SETTING_REQUIRED 1    /* acq_db is not configured while it is empty */
#define ACQ_DB_SETTING_ON_IN_CLI 2   /* the default is 1 in PHP's CLI SAPI */

typedef struct acq_db_setting {
	const char *name;         /* "acq_db.servers" */
	acq_db_setting_kind kind;
	const char *def;          /* the default as text, as php.ini would give it */
	unsigned min, max;        /* ACQ_DB_KIND_MILLIS */
	size_t offset, size;      /* the field in acq_db_config */
	size_t reserve;           /* paths: room for what the core appends to them */
	int flags;                /* ACQ_DB_SETTING_* */
	const char *env;          /* acq-db-admin's environment variable, or NULL */
	const char *expected;     /* a rejection's text: what a good value looks like */
	const char *unset;        /* REQUIRED: the message while it is empty */
} acq_db_setting;

extern const acq_db_setting acq_db_settings[ACQ_DB_SETTING_COUNT];

/* The row of "acq_db.NAME" or "NAME"; NULL when there is none. */
const acq_db_setting *acq_db_setting_find(const char *name);

/* "servers" for "acq_db.servers": the key of an INI file's acq_db_ini_get. */
const char *acq_db_setting_key(const acq_db_setting *s);

/* Every field at its default (cli: PHP's CLI SAPI, where the ON_IN_CLI
 * rows default to 1). */
void acq_db_config_defaults(acq_db_config *cfg, int cli);

/* The default text of a row (cli as above). */
const char *acq_db_setting_default(const acq_db_setting *s, int cli);

/* Validates value for the row and stores it in cfg; on a rejection cfg is
 * unchanged and err says what a good value looks like (without the
 * directive's name: callers prefix where it came from). */
acq_db_rc acq_db_setting_apply(const acq_db_setting *s, const char *value, acq_db_config *cfg, char *err,
	size_t errlen);

/* A REQUIRED row that is empty in cfg: its message; otherwise NULL. */
const char *acq_db_setting_missing(const acq_db_setting *s, const acq_db_config *cfg);

/* The value of a MILLIS or BOOL row in cfg. */
unsigned acq_db_setting_number(const acq_db_setting *s, const acq_db_config *cfg);

/* The value of a FILE, DIR, OPTFILE or HOST row in cfg. */
const char *acq_db_setting_text(const acq_db_setting *s, const acq_db_config *cfg);

/* Numbers of settings and flags: acq_db_parse_uint (lib/acq_db_common.h). */

/* PHP's spellings of a boolean: 1/0, On/Off, yes/no, true/false (any case),
 * "" (off) and other integers (non-zero: on). 0 and *out, or -1. */
int acq_db_parse_bool(const char *text, int *out);

#endif
