/*
 * Zend glue for acq_db: module entry, request hooks, the log sink and
 * phpinfo(); the INI entries are in acq_db_ini.c. Everything that decides anything
 * lives in src/core; this file only translates between PHP and the core.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "SAPI.h"
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

acq_db_cache *acq_db_php_cache(void)
{
	const char *bad = acq_db_php_setting_error();

	if (bad) {
		zend_throw_exception_ex(acq_db_exception_ce, ACQ_DB_E_INVALID, "acq_db is not configured: %s", bad);
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

/* Installing the package on a node must never break a running site: until
 * the cluster is named, acq_db routes nothing and says so once per startup
 * (php-fpm: once, in the master's log). Not in the CLI, where every cron job
 * and script would print it on stderr. */
static void acq_db_startup_notice(void)
{
	const char *missing;

	if (sapi_module.name && strcmp(sapi_module.name, "cli") == 0) {
		return;
	}
	if (ACQ_DB_G(servers_ok) && ACQ_DB_G(config).election_file[0]) {
		return;
	}
	missing = !ACQ_DB_G(servers_ok) && !ACQ_DB_G(config).election_file[0] ? "acq_db.servers and acq_db.election_file"
		: !ACQ_DB_G(servers_ok) ? "acq_db.servers" : "acq_db.election_file";
	{
		char line[256];
		snprintf(line, sizeof(line), "acq_db: inert until %s %s set: connects pass through untouched "
			"(docs/configuration.md)", missing, strchr(missing, ' ') ? "are" : "is");
		php_log_err_with_severity(line, LOG_NOTICE);
	}
}

static PHP_MINIT_FUNCTION(acq_db)
{
	acq_db_ini_register(type, module_number);
	acq_db_stay_loaded();
	/* a process exits once it is done, hung volume or not: a CLI script,
	 * and a php-fpm worker at reload or stop (with a thread stuck in the
	 * volume, a reload waited for the volume: 13.5 s of a 15 s brick
	 * freeze, tests/integration/fs-faults.sh). The reads go through a
	 * helper process that can be left behind (acq_db_poller.h). */
	acq_db_poller_use_helper_process(1);
	register_acq_db_symbols(module_number);
	acq_db_exception_ce = register_class_AcqDbException(spl_ce_RuntimeException);
	acq_db_log_set_sink(acq_db_php_log_sink);
	acq_db_mysqlnd_minit();
	acq_db_startup_notice();
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(acq_db)
{
	acq_db_ini_unregister(type, module_number);
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

	if (acq_db_php_setting_error()) {
		php_info_print_table_row(2, "State", "not configured");
		php_info_print_table_row(2, "Configuration error", acq_db_php_setting_error());
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
	php_info_print_table_row(2, "Operator functions", ACQ_DB_G(config).operator_functions
		? "on (acq_db_switchover(), acq_db_rejoin() and acq_db_init() may be called)"
		: "off (acq_db.operator_functions is Off: use acq-db-admin, or turn it on for the pool that needs it)");
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
