/*
 * Zend glue for acq_db: module entry, INI entries with their validators,
 * request hooks, the log sink and phpinfo(). Everything that decides anything
 * lives in src/core; this file only translates between PHP and the core.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_exceptions.h"

#include "php_acq_db.h"
#include "lib/acq_db_log.h"
#include "config/acq_db_servers.h"
#include "node/acq_db_poller.h"
#include "config/acq_db_optfile.h"
#include "acq_db_arginfo.h"

#include <syslog.h>

ZEND_DECLARE_MODULE_GLOBALS(acq_db)

zend_class_entry *acq_db_exception_ce;

/* A changed setting invalidates the cache built for the old one. */
static void acq_db_config_changed(void)
{
	if (ACQ_DB_G(cache_ready)) {
		acq_db_cache_destroy(&ACQ_DB_G(cache));
		ACQ_DB_G(cache_ready) = false;
	}
}

static void acq_db_ini_warning(const char *directive, const char *msg)
{
	php_error_docref(NULL, E_WARNING, "%s: %s", directive, msg);
}

/* A rejected value must not be replaced silently by the default: a typo in
 * php.ini would then go unnoticed. Each rejection is kept per directive and
 * makes acq_db fail closed with the warning's text until a good value is set.
 * After a rejection at startup PHP applies the default through the same
 * handler; that one call must not clear the rejection. */
static const char *const acq_db_checked_directives[] = {
	"acq_db.election_file", "acq_db.recheck_ms", "acq_db.lock_timeout_ms",
	"acq_db.connect_timeout_ms", "acq_db.failover_hold_ms", "acq_db.alias",
	"acq_db.first_read_timeout_ms", "acq_db.state_dir",
	"acq_db.admin_credentials", "acq_db.catchup_timeout_ms"
};

static int acq_db_setting_slot(const zend_string *name)
{
	size_t i;

	for (i = 0; i < sizeof(acq_db_checked_directives) / sizeof(acq_db_checked_directives[0]); i++) {
		if (zend_string_equals_cstr(name, acq_db_checked_directives[i], strlen(acq_db_checked_directives[i]))) {
			return (int) i;
		}
	}
	return -1;
}

static void acq_db_setting_rejected(const zend_ini_entry *entry, const char *msg)
{
	int slot = acq_db_setting_slot(entry->name);

	acq_db_ini_warning(ZSTR_VAL(entry->name), msg);
	if (slot >= 0) {
		snprintf(ACQ_DB_G(setting_error)[slot], sizeof(ACQ_DB_G(setting_error)[slot]), "%s: %s", ZSTR_VAL(entry->name), msg);
		ACQ_DB_G(setting_fallback)[slot] = true;
	}
}

static void acq_db_setting_accepted(const zend_ini_entry *entry)
{
	int slot = acq_db_setting_slot(entry->name);

	if (slot < 0) {
		return;
	}
	if (ACQ_DB_G(setting_fallback)[slot]) {
		ACQ_DB_G(setting_fallback)[slot] = false; /* the default after a rejection */
		return;
	}
	ACQ_DB_G(setting_error)[slot][0] = '\0';
}

const char *acq_db_php_setting_error(void)
{
	size_t i;

	for (i = 0; i < sizeof(acq_db_checked_directives) / sizeof(acq_db_checked_directives[0]); i++) {
		if (ACQ_DB_G(setting_error)[i][0]) {
			return ACQ_DB_G(setting_error)[i];
		}
	}
	return NULL;
}

static ZEND_INI_MH(OnUpdateAcqDbServers)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_server_list list;

	acq_db_config_changed();
	if (ZSTR_LEN(new_value) == 0) {
		/* The default after a rejected value: keep the rejection's message. */
		ACQ_DB_G(servers_ok) = false;
		memset(&ACQ_DB_G(config).servers, 0, sizeof(ACQ_DB_G(config).servers));
		if (!ACQ_DB_G(config_error)[0]) {
			snprintf(ACQ_DB_G(config_error), ACQ_DB_ERR_MAX,
				"acq_db.servers is not set (e.g. acq_db.servers=\"db1=10.0.0.11:3306,db2=10.0.0.12:3306\")");
		}
		return SUCCESS;
	}
	if (acq_db_servers_parse(ZSTR_VAL(new_value), &list, err, sizeof(err)) != ACQ_DB_OK) {
		snprintf(ACQ_DB_G(config_error), ACQ_DB_ERR_MAX, "acq_db.servers: %s", err);
		acq_db_ini_warning("acq_db.servers", err);
		return FAILURE;
	}
	ACQ_DB_G(config).servers = list;
	ACQ_DB_G(servers_ok) = true;
	ACQ_DB_G(config_error)[0] = '\0';
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* An absolute path (or empty) into dst, with room for what the core adds to
 * it (reserve); a rejection names what is expected. */
static bool acq_db_ini_take_path(zend_ini_entry *entry, const zend_string *value, bool file, size_t reserve,
	const char *expected, char *dst, size_t dstlen)
{
	const char *v = ZSTR_VAL(value);
	size_t len = ZSTR_LEN(value);

	acq_db_config_changed();
	if (len > 0 && (v[0] != '/' || (file && v[len - 1] == '/') || len + reserve >= ACQ_DB_PATH_MAX)) {
		acq_db_setting_rejected(entry, expected);
		return false;
	}
	acq_db_setting_accepted(entry);
	acq_db_strlcpy(dst, v, dstlen);
	return true;
}

static ZEND_INI_MH(OnUpdateAcqDbElectionFile)
{
	if (!acq_db_ini_take_path(entry, new_value, true, 32,
		"must be an absolute path to a file (e.g. /mnt/gluster/acq_db/election), not a directory",
		ACQ_DB_G(config).election_file, sizeof(ACQ_DB_G(config).election_file))) {
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* Integer settings in milliseconds: digits only, within [min, max]. The
 * bounds travel in mh_arg2/mh_arg3 as strings so one handler serves all. */
static ZEND_INI_MH(OnUpdateAcqDbMillis)
{
	zend_long min = ZEND_STRTOL((const char *) mh_arg2, NULL, 10);
	zend_long max = ZEND_STRTOL((const char *) mh_arg3, NULL, 10);
	const char *v = ZSTR_VAL(new_value);
	char *end = NULL;
	zend_long n;

	n = ZEND_STRTOL(v, &end, 10);
	if (ZSTR_LEN(new_value) == 0 || *end != '\0' || n < min || n > max || !(v[0] >= '0' && v[0] <= '9')) {
		char msg[256];
		snprintf(msg, sizeof(msg), "'%.64s' is not a number of milliseconds from " ZEND_LONG_FMT " to " ZEND_LONG_FMT,
			v, min, max);
		acq_db_setting_rejected(entry, msg);
		return FAILURE;
	}
	acq_db_setting_accepted(entry);
	acq_db_config_changed();
	*(zend_long *) ((char *) ZEND_MODULE_GLOBALS_BULK(acq_db) + (size_t) mh_arg1) = n;
	ACQ_DB_G(config).recheck_ms = (unsigned) ACQ_DB_G(recheck_ms);
	ACQ_DB_G(config).lock_timeout_ms = (unsigned) ACQ_DB_G(lock_timeout_ms);
	ACQ_DB_G(config).failover_hold_ms = (unsigned) ACQ_DB_G(failover_hold_ms);
	ACQ_DB_G(config).first_read_timeout_ms = (unsigned) ACQ_DB_G(first_read_timeout_ms);
	return SUCCESS;
}

/* A node-local directory (tmpfs) for the page every PHP process of the node
 * reads; empty turns node sharing off. Never on the shared volume: the point
 * is that requests do not touch it. */
static ZEND_INI_MH(OnUpdateAcqDbStateDir)
{
	if (!acq_db_ini_take_path(entry, new_value, false, 64,
		"must be an absolute path to a node-local directory (e.g. /dev/shm), or empty to turn node sharing off",
		ACQ_DB_G(config).state_dir, sizeof(ACQ_DB_G(config).state_dir))) {
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateAcqDbAlias)
{
	size_t i;

	for (i = 0; i < ZSTR_LEN(new_value); i++) {
		char c = ZSTR_VAL(new_value)[i];
		if (!isalnum((unsigned char) c) && c != '.' && c != '-' && c != '_') {
			acq_db_setting_rejected(entry, "must be a host name (letters, digits, '.', '-', '_'), e.g. acq-db");
			return FAILURE;
		}
	}
	acq_db_setting_accepted(entry);
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* The promotion credentials are read here, once: the directive is
 * PHP_INI_SYSTEM, so this runs at startup (php-fpm: in the master, as root,
 * before the workers drop privileges). The message names the file, never a
 * value from it. */
static ZEND_INI_MH(OnUpdateAcqDbAdminCredentials)
{
	char err[ACQ_DB_ERR_MAX];

	acq_db_credentials_wipe(&ACQ_DB_G(admin_cred));
	if (ZSTR_LEN(new_value) > 0
		&& acq_db_optfile_read(ZSTR_VAL(new_value), &ACQ_DB_G(admin_cred), err, sizeof(err)) != ACQ_DB_OK) {
		char msg[ACQ_DB_ERR_MAX + 64];
		snprintf(msg, sizeof(msg), "%s; acq_db fails closed (no routing, no election) until it is fixed", err);
		acq_db_setting_rejected(entry, msg);
		return FAILURE;
	}
	acq_db_setting_accepted(entry);
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

#define ACQ_DB_MILLIS_ENTRY(name, def, field, min, max) \
	ZEND_INI_ENTRY3_EX(name, def, PHP_INI_SYSTEM, OnUpdateAcqDbMillis, \
		(void *) XtOffsetOf(zend_acq_db_globals, field), (void *) #min, (void *) #max, NULL)

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("acq_db.servers", "", PHP_INI_SYSTEM, OnUpdateAcqDbServers, servers_ini,
		zend_acq_db_globals, acq_db_globals)
	STD_PHP_INI_ENTRY("acq_db.election_file", "", PHP_INI_SYSTEM, OnUpdateAcqDbElectionFile, election_file_ini,
		zend_acq_db_globals, acq_db_globals)
	ACQ_DB_MILLIS_ENTRY("acq_db.recheck_ms", "50", recheck_ms, 0, 3600000)
	ACQ_DB_MILLIS_ENTRY("acq_db.first_read_timeout_ms", "2000", first_read_timeout_ms, 0, 600000)
	STD_PHP_INI_ENTRY("acq_db.state_dir", "/dev/shm", PHP_INI_SYSTEM, OnUpdateAcqDbStateDir, state_dir_ini,
		zend_acq_db_globals, acq_db_globals)
	ACQ_DB_MILLIS_ENTRY("acq_db.lock_timeout_ms", "5000", lock_timeout_ms, 0, 600000)
	ACQ_DB_MILLIS_ENTRY("acq_db.connect_timeout_ms", "1000", connect_timeout_ms, 1, 600000)
	ACQ_DB_MILLIS_ENTRY("acq_db.failover_hold_ms", "60000", failover_hold_ms, 0, 86400000)
	STD_PHP_INI_ENTRY("acq_db.alias", "", PHP_INI_SYSTEM, OnUpdateAcqDbAlias, alias,
		zend_acq_db_globals, acq_db_globals)
	STD_PHP_INI_ENTRY("acq_db.admin_credentials", "", PHP_INI_SYSTEM, OnUpdateAcqDbAdminCredentials,
		admin_credentials_ini, zend_acq_db_globals, acq_db_globals)
	ACQ_DB_MILLIS_ENTRY("acq_db.catchup_timeout_ms", "3000", catchup_timeout_ms, 0, 600000)
	STD_PHP_INI_BOOLEAN("acq_db.routing", "1", PHP_INI_SYSTEM, OnUpdateBool, routing,
		zend_acq_db_globals, acq_db_globals)
	STD_PHP_INI_BOOLEAN("acq_db.retry_reads", "1", PHP_INI_SYSTEM, OnUpdateBool, retry_reads,
		zend_acq_db_globals, acq_db_globals)
PHP_INI_END()

acq_db_cache *acq_db_php_cache(void)
{
	const char *bad = acq_db_php_setting_error();

	if (!ACQ_DB_G(servers_ok) || bad) {
		zend_throw_exception_ex(acq_db_exception_ce, ACQ_DB_E_INVALID, "acq_db is not configured: %s",
			ACQ_DB_G(servers_ok) ? bad : ACQ_DB_G(config_error));
		return NULL;
	}
	if (!ACQ_DB_G(config).election_file[0]) {
		zend_throw_exception_ex(acq_db_exception_ce, ACQ_DB_E_INVALID,
			"acq_db is not configured: acq_db.election_file is not set (a path on the shared file system)");
		return NULL;
	}
	if (!ACQ_DB_G(cache_ready)) {
		acq_db_cache_init(&ACQ_DB_G(cache), &ACQ_DB_G(config));
		ACQ_DB_G(cache_ready) = true;
	}
	return &ACQ_DB_G(cache);
}

void acq_db_php_throw(acq_db_rc rc, const char *msg)
{
	zend_throw_exception(acq_db_exception_ce, msg, (zend_long) rc);
}

static void acq_db_php_log_sink(acq_db_log_level level, const char *line)
{
	php_log_err_with_severity((char *) line, level == ACQ_DB_LOG_ERROR ? LOG_ERR
		: level == ACQ_DB_LOG_WARNING ? LOG_WARNING : LOG_NOTICE);
}

static PHP_GINIT_FUNCTION(acq_db)
{
#if defined(COMPILE_DL_ACQ_DB) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(acq_db_globals, 0, sizeof(*acq_db_globals));
	ZVAL_UNDEF(&acq_db_globals->active_zv);
}

static PHP_GSHUTDOWN_FUNCTION(acq_db)
{
	acq_db_credentials_wipe(&acq_db_globals->admin_cred);
	if (acq_db_globals->cache_ready) {
		acq_db_cache_destroy(&acq_db_globals->cache);
	}
}

/* The poller's thread may be inside a hung file-system call when PHP shuts
 * down; it can be neither interrupted nor joined. Unmapping the library under
 * it would crash the process at exit, so acq_db stays loaded until then. */
static void acq_db_stay_loaded(void)
{
	zend_module_entry *self = zend_hash_str_find_ptr(&module_registry, "acq_db", sizeof("acq_db") - 1);

	if (self) {
		self->handle = NULL;
	}
}

static PHP_MINIT_FUNCTION(acq_db)
{
	REGISTER_INI_ENTRIES();
	acq_db_stay_loaded();
	register_acq_db_symbols(module_number);
	acq_db_exception_ce = register_class_AcqDbException(spl_ce_RuntimeException);
	acq_db_log_set_sink(acq_db_php_log_sink);
	acq_db_mysqlnd_minit();
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(acq_db)
{
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_RINIT_FUNCTION(acq_db)
{
#if defined(COMPILE_DL_ACQ_DB) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(acq_db)
{
	zval_ptr_dtor(&ACQ_DB_G(active_zv));
	ZVAL_UNDEF(&ACQ_DB_G(active_zv));
	return SUCCESS;
}

static void acq_db_minfo_freshness(const acq_db_cache *c)
{
	char age[64];
	acq_db_freshness f;
	acq_db_poller_info pi;

	acq_db_cache_freshness(c, &f);
	if (f.age_ms >= 0) {
		snprintf(age, sizeof(age), "%lld ms", (long long) f.age_ms);
	} else {
		snprintf(age, sizeof(age), "never read");
	}
	php_info_print_table_row(2, "State age", age);
	if (c->poller) {
		acq_db_poller_get_info(c->poller, &pi);
		php_info_print_table_row(2, "Reader", pi.mode == ACQ_DB_POLLER_NODE
			? "one per node (shared page)" : "this process");
	}
}

static void acq_db_minfo_state(void)
{
	char err[ACQ_DB_ERR_MAX];
	const acq_db_state *st;
	acq_db_cache *c;

	if (!ACQ_DB_G(servers_ok) || !ACQ_DB_G(config).election_file[0] || acq_db_php_setting_error()) {
		php_info_print_table_row(2, "State", "not configured");
		if (ACQ_DB_G(config_error)[0] || acq_db_php_setting_error()) {
			php_info_print_table_row(2, "Configuration error",
				ACQ_DB_G(config_error)[0] ? ACQ_DB_G(config_error) : acq_db_php_setting_error());
		}
		return;
	}
	c = acq_db_php_cache();
	if (acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK) {
		php_info_print_table_row(2, "State", "no usable election file");
		php_info_print_table_row(2, "Error", err);
		return;
	}
	{
		char epoch[32];
		char demoted[ACQ_DB_MAX_SERVERS * ACQ_DB_NAME_MAX] = "";
		int i;
		snprintf(epoch, sizeof(epoch), "%llu", (unsigned long long) st->epoch);
		for (i = 0; i < st->demoted_count; i++) {
			strcat(demoted, i ? ", " : "");
			strcat(demoted, st->demoted[i]);
		}
		php_info_print_table_row(2, "Active server", st->active);
		php_info_print_table_row(2, "Epoch", epoch);
		php_info_print_table_row(2, "Last change", st->reason);
		php_info_print_table_row(2, "Demoted servers", demoted[0] ? demoted : "none");
		php_info_print_table_row(2, "Last read reason", acq_db_read_reason_name(c->last_read_reason));
		acq_db_minfo_freshness(c);
		if (c->last_error[0]) {
			php_info_print_table_row(2, "Last error", c->last_error);
		}
	}
}

static PHP_MINFO_FUNCTION(acq_db)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "acq_db support", "enabled");
	php_info_print_table_row(2, "Version", PHP_ACQ_DB_VERSION);
	php_info_print_table_row(2, "Election file format", "1");
	php_info_print_table_row(2, "Promotion", ACQ_DB_G(admin_cred).loaded
		? "on (the new master is caught up, its replication stopped and read_only turned off before the epoch is written)"
		: "off (acq_db.admin_credentials is not set: an elected replica keeps its read_only)");
	acq_db_minfo_state();
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

static const zend_module_dep acq_db_deps[] = {
	ZEND_MOD_REQUIRED("mysqlnd")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_END
};

zend_module_entry acq_db_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	acq_db_deps,
	"acq_db",
	ext_functions,
	PHP_MINIT(acq_db),
	PHP_MSHUTDOWN(acq_db),
	PHP_RINIT(acq_db),
	PHP_RSHUTDOWN(acq_db),
	PHP_MINFO(acq_db),
	PHP_ACQ_DB_VERSION,
	PHP_MODULE_GLOBALS(acq_db),
	PHP_GINIT(acq_db),
	PHP_GSHUTDOWN(acq_db),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_ACQ_DB
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(acq_db)
#endif
