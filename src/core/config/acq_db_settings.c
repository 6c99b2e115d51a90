/*
 * The table of acq_db's settings and its validators (acq_db_settings.h).
 * Bounds and messages live here once, so php.ini, a php-fpm pool read by
 * acq-db-admin --ini and the environment are held to the same rules.
 */
#include "config/acq_db_settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ACQ_DB_FIELD(f) offsetof(acq_db_config, f), sizeof(((acq_db_config *) 0)->f)

#define ACQ_DB_MILLIS(id, name, def, min, max, field) \
	[id] = { name, ACQ_DB_KIND_MILLIS, def, min, max, ACQ_DB_FIELD(field), 0, 0, NULL, NULL, NULL }

const acq_db_setting acq_db_settings[ACQ_DB_SETTING_COUNT] = {
	[ACQ_DB_SET_SERVERS] = { "acq_db.servers", ACQ_DB_KIND_SERVERS, "", 0, 0, ACQ_DB_FIELD(servers), 0,
		ACQ_DB_SETTING_REQUIRED, "ACQ_DB_SERVERS", NULL,
		"acq_db.servers is not set (e.g. acq_db.servers=\"db1=10.0.0.11:3306,db2=10.0.0.12:3306\")" },
	[ACQ_DB_SET_ELECTION_FILE] = { "acq_db.election_file", ACQ_DB_KIND_FILE, "", 0, 0,
		ACQ_DB_FIELD(election_file), 32, ACQ_DB_SETTING_REQUIRED, "ACQ_DB_ELECTION_FILE",
		"must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory",
		"acq_db.election_file is not set (a path on the shared file system)" },
	ACQ_DB_MILLIS(ACQ_DB_SET_RECHECK_MS, "acq_db.recheck_ms", "50", 0, 3600000, recheck_ms),
	[ACQ_DB_SET_STATE_DIR] = { "acq_db.state_dir", ACQ_DB_KIND_DIR, "/dev/shm", 0, 0, ACQ_DB_FIELD(state_dir), 64,
		0, NULL,
		"must be an absolute path to a node-local directory (e.g. /dev/shm), or empty to turn node sharing off",
		NULL },
	ACQ_DB_MILLIS(ACQ_DB_SET_FIRST_READ_TIMEOUT_MS, "acq_db.first_read_timeout_ms", "2000", 0, 600000,
		first_read_timeout_ms),
	ACQ_DB_MILLIS(ACQ_DB_SET_LOCK_TIMEOUT_MS, "acq_db.lock_timeout_ms", "5000", 0, 600000, lock_timeout_ms),
	ACQ_DB_MILLIS(ACQ_DB_SET_CONNECT_TIMEOUT_MS, "acq_db.connect_timeout_ms", "1000", 1, 600000, connect_timeout_ms),
	ACQ_DB_MILLIS(ACQ_DB_SET_FAILOVER_HOLD_MS, "acq_db.failover_hold_ms", "60000", 0, 86400000, failover_hold_ms),
	[ACQ_DB_SET_ALIAS] = { "acq_db.alias", ACQ_DB_KIND_HOST, "", 0, 0, ACQ_DB_FIELD(alias), 0, 0, NULL,
		"must be a host name (letters, digits, '.', '-', '_'), e.g. acq-db", NULL },
	[ACQ_DB_SET_ADMIN_CREDENTIALS] = { "acq_db.admin_credentials", ACQ_DB_KIND_OPTFILE, "", 0, 0,
		ACQ_DB_FIELD(admin_credentials), 0, 0, "ACQ_DB_ADMIN_CREDENTIALS",
		"must be an absolute path to a MySQL option file (e.g. /etc/acq_db/admin.cnf), or empty", NULL },
	ACQ_DB_MILLIS(ACQ_DB_SET_CATCHUP_TIMEOUT_MS, "acq_db.catchup_timeout_ms", "3000", 0, 600000, catchup_timeout_ms),
	[ACQ_DB_SET_ROUTING] = { "acq_db.routing", ACQ_DB_KIND_BOOL, "1", 0, 1, ACQ_DB_FIELD(routing), 0, 0, NULL,
		"must be On or Off (1 or 0)", NULL },
	[ACQ_DB_SET_OPERATOR_FUNCTIONS] = { "acq_db.operator_functions", ACQ_DB_KIND_BOOL, "0", 0, 1,
		ACQ_DB_FIELD(operator_functions), 0, ACQ_DB_SETTING_ON_IN_CLI, NULL, "must be On or Off (1 or 0)", NULL },
	[ACQ_DB_SET_RETRY_READS] = { "acq_db.retry_reads", ACQ_DB_KIND_BOOL, "1", 0, 1, ACQ_DB_FIELD(retry_reads), 0, 0,
		NULL, "must be On or Off (1 or 0)", NULL },
};

const acq_db_setting *acq_db_setting_find(const char *name)
{
	size_t pl = strlen(ACQ_DB_SETTING_PREFIX);
	int i;

	if (strncmp(name, ACQ_DB_SETTING_PREFIX, pl) == 0) {
		name += pl;
	}
	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		if (strcmp(acq_db_setting_key(&acq_db_settings[i]), name) == 0) {
			return &acq_db_settings[i];
		}
	}
	return NULL;
}

const char *acq_db_setting_key(const acq_db_setting *s)
{
	return s->name + strlen(ACQ_DB_SETTING_PREFIX);
}

const char *acq_db_setting_default(const acq_db_setting *s, int cli)
{
	return cli && (s->flags & ACQ_DB_SETTING_ON_IN_CLI) ? "1" : s->def;
}

void acq_db_config_defaults(acq_db_config *cfg, int cli)
{
	char err[ACQ_DB_ERR_MAX];
	int i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		/* the defaults pass their own validators (tests/check_settings.c) */
		(void) acq_db_setting_apply(&acq_db_settings[i], acq_db_setting_default(&acq_db_settings[i], cli), cfg, err,
			sizeof(err));
	}
}

int acq_db_parse_bool(const char *text, int *out)
{
	static const char *const on[] = { "1", "on", "yes", "true" };
	static const char *const off[] = { "", "0", "off", "no", "false", "none" };
	const char *digits = text[0] == '-' || text[0] == '+' ? text + 1 : text;
	unsigned long long n;
	size_t i;

	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (strcasecmp(text, on[i]) == 0) {
			*out = 1;
			return 0;
		}
	}
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		if (strcasecmp(text, off[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	/* PHP reads any other integer as a boolean too */
	if (acq_db_parse_uint(digits, ~0ULL, &n) == 0) {
		*out = n != 0;
		return 0;
	}
	return -1;
}

/* A path: absolute (or empty where allowed), not ending in '/' for a file,
 * with room for what the core appends. */
static int acq_db_setting_path_ok(const acq_db_setting *s, const char *v)
{
	size_t len = strlen(v);

	if (len == 0) {
		return s->kind != ACQ_DB_KIND_FILE || (s->flags & ACQ_DB_SETTING_REQUIRED);
	}
	return v[0] == '/' && !(s->kind == ACQ_DB_KIND_FILE && v[len - 1] == '/') && len + s->reserve < s->size
		&& len + s->reserve < ACQ_DB_PATH_MAX;
}

static int acq_db_setting_host_ok(const char *v)
{
	size_t len = strlen(v);
	size_t i;

	for (i = 0; i < len; i++) {
		if (!acq_db_is_name_char(v[i])) {
			return 0;
		}
	}
	return len < ACQ_DB_ALIAS_MAX;
}

static acq_db_rc acq_db_setting_reject(const acq_db_setting *s, char *err, size_t errlen)
{
	return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s", s->expected);
}

acq_db_rc acq_db_setting_apply(const acq_db_setting *s, const char *value, acq_db_config *cfg, char *err,
	size_t errlen)
{
	char *field = (char *) cfg + s->offset;
	unsigned long long n;
	int b;

	switch (s->kind) {
	case ACQ_DB_KIND_SERVERS: {
		acq_db_server_list list;

		if (value[0] == '\0') {
			memset(&list, 0, sizeof(list)); /* not set: acq_db_setting_missing says so */
		} else if (acq_db_servers_parse(value, &list, err, errlen) != ACQ_DB_OK) {
			return ACQ_DB_E_INVALID;
		}
		memcpy(field, &list, sizeof(list));
		return ACQ_DB_OK;
	}
	case ACQ_DB_KIND_FILE:
	case ACQ_DB_KIND_DIR:
	case ACQ_DB_KIND_OPTFILE:
		if (!acq_db_setting_path_ok(s, value)) {
			return acq_db_setting_reject(s, err, errlen);
		}
		acq_db_strlcpy(field, value, s->size);
		return ACQ_DB_OK;
	case ACQ_DB_KIND_HOST:
		if (!acq_db_setting_host_ok(value)) {
			return acq_db_setting_reject(s, err, errlen);
		}
		acq_db_strlcpy(field, value, s->size);
		return ACQ_DB_OK;
	case ACQ_DB_KIND_MILLIS:
		if (acq_db_parse_uint(value, s->max, &n) != 0 || n < s->min) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"'%.64s' is not a number of milliseconds from %u to %u", value, s->min, s->max);
		}
		*(unsigned *) (void *) field = (unsigned) n;
		return ACQ_DB_OK;
	case ACQ_DB_KIND_BOOL:
		if (acq_db_parse_bool(value, &b) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "'%.64s' %s", value, s->expected);
		}
		*(int *) (void *) field = b;
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "unknown kind of setting");
}

const char *acq_db_setting_missing(const acq_db_setting *s, const acq_db_config *cfg)
{
	const char *field = (const char *) cfg + s->offset;

	if (!(s->flags & ACQ_DB_SETTING_REQUIRED)) {
		return NULL;
	}
	if (s->kind == ACQ_DB_KIND_SERVERS) {
		return ((const acq_db_server_list *) (const void *) field)->count == 0 ? s->unset : NULL;
	}
	return field[0] ? NULL : s->unset;
}

unsigned acq_db_setting_number(const acq_db_setting *s, const acq_db_config *cfg)
{
	const char *field = (const char *) cfg + s->offset;

	return s->kind == ACQ_DB_KIND_BOOL ? (unsigned) *(const int *) (const void *) field
		: *(const unsigned *) (const void *) field;
}

const char *acq_db_setting_text(const acq_db_setting *s, const acq_db_config *cfg)
{
	return (const char *) cfg + s->offset;
}
