/*
 * Module entry and per-process (per-thread in ZTS) globals of the acq_db
 * extension. The globals hold the parsed settings and the core's cache;
 * ACQ_DB_G() is the one accessor.
 */
#ifndef PHP_ACQ_DB_H
#define PHP_ACQ_DB_H

#include "php.h"
#include "node/acq_db_cache.h"
#include "sql/acq_db_sql.h"

#include "lib/acq_db_version.h"
#define PHP_ACQ_DB_VERSION ACQ_DB_VERSION

extern zend_module_entry acq_db_module_entry;
#define phpext_acq_db_ptr &acq_db_module_entry

ZEND_BEGIN_MODULE_GLOBALS(acq_db)
	/* read once from admin_credentials at startup; loaded = 0: promotion off */
	acq_db_credentials admin_cred;
	/* the parsed settings (one field per row of config/acq_db_settings.h;
	 * ini_get() gives the text) and, per row, why it is unusable: a rejected
	 * value or a required setting left empty (acq_db_ini.c) */
	acq_db_config config;
	bool servers_ok;
	char setting_error[ACQ_DB_SETTING_COUNT][ACQ_DB_ERR_MAX + 128];
	bool setting_fallback[ACQ_DB_SETTING_COUNT];
	/* the core's view of the election file; rebuilt when the config changes */
	acq_db_cache cache;
	bool cache_ready;
	/* acq_db_active()'s array, built once per state change within a request */
	zval active_zv;
	uint64_t active_generation;
	bool retry_reads;             /* acq_db.retry_reads: a failed safe read is sent once more */
	bool admin_connecting;        /* acq_db_sqlexec.c: a connect that routing leaves alone */
	unsigned long elections;      /* elections this process ran (status) */
	unsigned long reroutes;       /* connects routed away from the named member */
	unsigned long stmt_reroutes;  /* connections moved to the active master before a statement */
	unsigned long stmt_refused;   /* statements not sent: a transaction or session on a demoted member */
	unsigned long stmt_retries;   /* safe reads sent once more after a connection-level failure */
	unsigned long stmt_in_doubt;  /* writes and COMMITs whose connection was lost in flight */
	/* this process's last routed connect found the master alive per its
	 * replicas but out of this node's reach (ACQ_DB_E_ALIVE): since when
	 * (wall ms, 0: not isolated) and why; cleared by the next connect that
	 * reaches the master */
	int64_t isolated_since_ms;
	char isolated_reason[ACQ_DB_ERR_MAX];
ZEND_END_MODULE_GLOBALS(acq_db)

ZEND_EXTERN_MODULE_GLOBALS(acq_db)
#define ACQ_DB_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(acq_db, v)

#if defined(ZTS) && defined(COMPILE_DL_ACQ_DB)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

extern zend_class_entry *acq_db_exception_ce;

/* The cache, (re)initialised for the current configuration; NULL and an
 * AcqDbException thrown when acq_db is not configured. */
acq_db_cache *acq_db_php_cache(void);

/* The first rejected or missing setting ("acq_db.X: why") or NULL; acq_db
 * then fails closed. */
const char *acq_db_php_setting_error(void);

/* The INI entries made from the table of settings (acq_db_ini.c), for MINIT
 * and MSHUTDOWN. */
void acq_db_ini_register(int type, int module_number);
void acq_db_ini_unregister(int type, int module_number);

/* Throws AcqDbException with the core's message, code = acq_db_rc. */
void acq_db_php_throw(acq_db_rc rc, const char *msg);

/* Status array for acq_db_status() and friends. */
void acq_db_php_status(zval *return_value);

/* The promotion settings and the mysqlnd SQL executor (acq_db_sqlexec.c). */
struct acq_db_promote_cfg;
void acq_db_php_promote_cfg(struct acq_db_promote_cfg *pc);

/* mysqlnd plugin (acq_db_mysqlnd.c) */
void acq_db_mysqlnd_minit(void);

#endif
