/*
 * The PHP functions declared in acq_db.stub.php. Each one checks its
 * arguments, asks the core, and turns the answer into an array or an
 * exception: ValueError for names that are not in acq_db.servers (a caller's
 * mistake), AcqDbException for the state of the world (file, lock, servers).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "SAPI.h"
#include "zend_exceptions.h"

#include "php_acq_db.h"
#include "failover/acq_db_election.h"
#include "node/acq_db_poller.h"

static void acq_db_build_active(zval *zv, const acq_db_server *s)
{
	array_init_size(zv, 3);
	add_assoc_string(zv, "host", (char *) s->host);
	add_assoc_long(zv, "port", (zend_long) s->port);
	if (s->socket[0]) {
		add_assoc_string(zv, "unix_socket", (char *) s->socket);
	}
}

/* Hot path: one cache check and, while nothing changed, a refcount bump. */
PHP_FUNCTION(acq_db_active)
{
	char err[ACQ_DB_ERR_MAX];
	const acq_db_state *st;
	acq_db_cache *c;

	ZEND_PARSE_PARAMETERS_NONE();

	if (EXPECTED(ACQ_DB_G(cache_ready))) {
		c = &ACQ_DB_G(cache);
	} else if (!(c = acq_db_php_cache())) {
		RETURN_THROWS();
	}
	if (UNEXPECTED(acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK)) {
		acq_db_php_throw(c->last_rc, err);
		RETURN_THROWS();
	}
	if (UNEXPECTED(Z_TYPE(ACQ_DB_G(active_zv)) != IS_ARRAY || ACQ_DB_G(active_generation) != c->generation)) {
		int idx = acq_db_servers_find(&c->cfg->servers, st->active);
		zval_ptr_dtor(&ACQ_DB_G(active_zv));
		/* idx >= 0: the cache only accepts states naming known servers */
		acq_db_build_active(&ACQ_DB_G(active_zv), &c->cfg->servers.items[idx]);
		ACQ_DB_G(active_generation) = c->generation;
	}
	RETURN_COPY(&ACQ_DB_G(active_zv));
}

static double acq_db_ms_to_seconds(int64_t ms)
{
	return (double) ms / 1000.0;
}

static void acq_db_status_servers(zval *rv, const acq_db_config *cfg, const acq_db_state *st)
{
	zval list;
	int i;

	array_init_size(&list, (uint32_t) cfg->servers.count);
	for (i = 0; i < cfg->servers.count; i++) {
		const acq_db_server *s = &cfg->servers.items[i];
		zval one;
		array_init(&one);
		add_assoc_string(&one, "name", (char *) s->name);
		add_assoc_string(&one, "host", (char *) s->host);
		add_assoc_long(&one, "port", (zend_long) s->port);
		if (s->socket[0]) {
			add_assoc_string(&one, "unix_socket", (char *) s->socket);
		}
		add_assoc_bool(&one, "active", st && strcmp(st->active, s->name) == 0);
		add_assoc_bool(&one, "demoted", st && acq_db_state_is_demoted(st, s->name));
		add_next_index_zval(&list, &one);
	}
	add_assoc_zval(rv, "servers", &list);
}

static void acq_db_status_state(zval *rv, const acq_db_config *cfg, const acq_db_state *st)
{
	const acq_db_server *s = &cfg->servers.items[acq_db_servers_find(&cfg->servers, st->active)];
	zval demoted;
	int i;

	add_assoc_long(rv, "epoch", (zend_long) st->epoch);
	add_assoc_string(rv, "active", (char *) st->active);
	add_assoc_string(rv, "host", (char *) s->host);
	add_assoc_long(rv, "port", (zend_long) s->port);
	add_assoc_double(rv, "changed_at", acq_db_ms_to_seconds(st->changed_at_ms));
	add_assoc_string(rv, "changed_by", (char *) st->changed_by_host);
	add_assoc_long(rv, "changed_by_pid", (zend_long) st->changed_by_pid);
	add_assoc_string(rv, "reason", (char *) st->reason);
	array_init(&demoted);
	for (i = 0; i < st->demoted_count; i++) {
		add_next_index_string(&demoted, (char *) st->demoted[i]);
	}
	add_assoc_zval(rv, "demoted", &demoted);
}

static void acq_db_status_unknown_state(zval *rv)
{
	zval demoted;

	add_assoc_null(rv, "epoch");
	add_assoc_null(rv, "active");
	add_assoc_null(rv, "host");
	add_assoc_null(rv, "port");
	add_assoc_null(rv, "changed_at");
	add_assoc_null(rv, "changed_by");
	add_assoc_null(rv, "changed_by_pid");
	add_assoc_null(rv, "reason");
	array_init(&demoted);
	add_assoc_zval(rv, "demoted", &demoted);
}

/* How fresh this node's view is, and who reads for it. */
static void acq_db_status_reader(zval *rv, const acq_db_cache *c)
{
	acq_db_freshness f;
	acq_db_poller_info pi;
	zval poller;

	acq_db_cache_freshness(c, &f);
	if (f.last_ok_wall_ms) {
		add_assoc_double(rv, "last_read_at", acq_db_ms_to_seconds(f.last_ok_wall_ms));
		add_assoc_long(rv, "state_age_ms", (zend_long) f.age_ms);
	} else {
		add_assoc_null(rv, "last_read_at");
		add_assoc_null(rv, "state_age_ms");
	}
	array_init(&poller);
	if (c->poller) {
		acq_db_poller_get_info(c->poller, &pi);
		add_assoc_string(&poller, "mode", pi.mode == ACQ_DB_POLLER_NODE ? "node" : "process");
		add_assoc_bool(&poller, "leader", pi.leader);
		add_assoc_string(&poller, "page", pi.page_path);
		if (pi.fallback_reason[0]) {
			add_assoc_string(&poller, "fallback_reason", pi.fallback_reason);
		}
	} else {
		add_assoc_null(&poller, "mode");
	}
	add_assoc_long(&poller, "pid", (zend_long) f.poller_pid);
	add_assoc_long(&poller, "reads", (zend_long) f.page_reads);
	add_assoc_zval(rv, "poller", &poller);
}

static void acq_db_status_cache(zval *rv, const acq_db_cache *c)
{
	add_assoc_string(rv, "election_file", (char *) c->cfg->election_file);
	add_assoc_long(rv, "recheck_ms", (zend_long) c->cfg->recheck_ms);
	add_assoc_long(rv, "lock_timeout_ms", (zend_long) c->cfg->lock_timeout_ms);
	acq_db_status_reader(rv, c);
	add_assoc_string(rv, "last_read_reason", (char *) acq_db_read_reason_name(c->last_read_reason));
	add_assoc_long(rv, "reads", (zend_long) c->reads);
	if (c->last_error[0]) {
		add_assoc_string(rv, "last_error", (char *) c->last_error);
	} else {
		add_assoc_null(rv, "last_error");
	}
}

/* Whether this node is cut off from a master its replicas still see: null,
 * or since when and why (a load balancer's health check reads it, see
 * docs/failover.md "A node alone in failing"). */
static void acq_db_status_isolated(zval *rv)
{
	zval iso;

	if (!ACQ_DB_G(isolated_since_ms)) {
		add_assoc_null(rv, "isolated");
		return;
	}
	array_init(&iso);
	add_assoc_long(&iso, "since_ms", (zend_long) ACQ_DB_G(isolated_since_ms));
	add_assoc_string(&iso, "reason", ACQ_DB_G(isolated_reason));
	add_assoc_zval(rv, "isolated", &iso);
}

/* This process's statement-time actions (acq_db_mysqlnd.c). */
static void acq_db_status_statements(zval *rv)
{
	zval stmts;

	array_init(&stmts);
	add_assoc_long(&stmts, "rerouted", (zend_long) ACQ_DB_G(stmt_reroutes));
	add_assoc_long(&stmts, "refused", (zend_long) ACQ_DB_G(stmt_refused));
	add_assoc_long(&stmts, "retried", (zend_long) ACQ_DB_G(stmt_retries));
	add_assoc_long(&stmts, "in_doubt", (zend_long) ACQ_DB_G(stmt_in_doubt));
	add_assoc_bool(&stmts, "retry_reads", ACQ_DB_G(config).retry_reads);
	add_assoc_zval(rv, "statements", &stmts);
}

/* Every directive of the table of settings with the value in force:
 * numbers as int, switches as bool, the rest as the text php.ini gave
 * (admin_credentials is the file's path, never what is in it). */
static void acq_db_status_settings(zval *rv, const acq_db_config *cfg)
{
	zval settings;
	int i;

	array_init_size(&settings, ACQ_DB_SETTING_COUNT);
	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		const acq_db_setting *s = &acq_db_settings[i];

		switch (s->kind) {
		case ACQ_DB_KIND_MILLIS:
			add_assoc_long(&settings, s->name, (zend_long) acq_db_setting_number(s, cfg));
			break;
		case ACQ_DB_KIND_BOOL:
			add_assoc_bool(&settings, s->name, acq_db_setting_number(s, cfg) != 0);
			break;
		case ACQ_DB_KIND_SERVERS:
			add_assoc_string(&settings, s->name, zend_ini_string_ex((char *) s->name, strlen(s->name), 0, NULL));
			break;
		default:
			add_assoc_string(&settings, s->name, (char *) acq_db_setting_text(s, cfg));
			break;
		}
	}
	add_assoc_zval(rv, "settings", &settings);
}

/* Never throws for the state of the file: operators call it when things are bad. */
void acq_db_php_status(zval *return_value)
{
	char err[ACQ_DB_ERR_MAX] = "";
	const acq_db_state *st = NULL;
	acq_db_cache *c = acq_db_php_cache();

	if (!c) {
		return;
	}
	if (acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK) {
		st = NULL;
	}
	array_init(return_value);
	add_assoc_bool(return_value, "ok", st != NULL && c->last_error[0] == '\0');
	if (st) {
		acq_db_status_state(return_value, c->cfg, st);
	} else {
		acq_db_status_unknown_state(return_value);
	}
	acq_db_status_servers(return_value, c->cfg, st);
	acq_db_status_cache(return_value, c);
	/* on/off only: the credentials themselves never leave the globals */
	add_assoc_bool(return_value, "promotion", ACQ_DB_G(admin_cred).loaded);
	add_assoc_long(return_value, "catchup_timeout_ms", (zend_long) ACQ_DB_G(config).catchup_timeout_ms);
	acq_db_status_statements(return_value);
	acq_db_status_isolated(return_value);
	if (!st && !c->last_error[0]) {
		add_assoc_string(return_value, "last_error", err);
	}
	acq_db_status_settings(return_value, c->cfg);
}

PHP_FUNCTION(acq_db_status)
{
	ZEND_PARSE_PARAMETERS_NONE();
	acq_db_php_status(return_value);
}

/* acq_db_switchover(), acq_db_rejoin() and acq_db_init() act on the
 * database with the admin credentials: outside the CLI only a pool whose
 * php.ini turns acq_db.operator_functions on may call them. Throws and
 * returns false when they are off. */
static bool acq_db_operator_allowed(const char *function)
{
	if (ACQ_DB_G(config).operator_functions) {
		return true;
	}
	zend_throw_exception_ex(acq_db_exception_ce, ACQ_DB_E_PERM,
		"%s() is an operator function and acq_db.operator_functions is Off in this SAPI (%s); "
		"use acq-db-admin, or set acq_db.operator_functions=1 (PHP_INI_SYSTEM) for the pool that needs it",
		function, sapi_module.name);
	return false;
}

/* ValueError for a name that is not configured; false when it is fine. */
static bool acq_db_reject_unknown(acq_db_cache *c, zend_string *name, uint32_t arg_num)
{
	/* a NUL byte would make "db1\0junk" compare as db1 */
	if (name && (strlen(ZSTR_VAL(name)) != ZSTR_LEN(name) || acq_db_servers_find(&c->cfg->servers, ZSTR_VAL(name)) < 0)) {
		zend_argument_value_error(arg_num, "must be a server named in acq_db.servers, '%s' is not", ZSTR_VAL(name));
		return true;
	}
	return false;
}

PHP_FUNCTION(acq_db_init)
{
	char err[ACQ_DB_ERR_MAX];
	zend_string *active = NULL;
	acq_db_state st;
	acq_db_cache *c;
	acq_db_rc rc;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(active)
	ZEND_PARSE_PARAMETERS_END();

	if (!acq_db_operator_allowed("acq_db_init") || !(c = acq_db_php_cache()) || acq_db_reject_unknown(c, active, 1)) {
		RETURN_THROWS();
	}
	rc = acq_db_init(c, active ? ZSTR_VAL(active) : NULL, &st, err, sizeof(err));
	if (rc != ACQ_DB_OK) {
		acq_db_php_throw(rc, err);
		RETURN_THROWS();
	}
	acq_db_php_status(return_value);
}

/* The planned change of master, for acq_db_switchover() and its deprecated
 * alias acq_db_failover() (whose E_DEPRECATED the engine raises: the stub
 * marks it @deprecated). */
static void acq_db_php_switchover(INTERNAL_FUNCTION_PARAMETERS, const char *function)
{
	char err[ACQ_DB_ERR_MAX];
	zend_string *to = NULL;
	zend_string *reason = NULL;
	acq_db_promote_cfg pc;
	acq_db_election_result res;
	acq_db_cache *c;
	acq_db_rc rc;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(to)
		Z_PARAM_STR(reason)
	ZEND_PARSE_PARAMETERS_END();

	if (!acq_db_operator_allowed(function) || !(c = acq_db_php_cache()) || acq_db_reject_unknown(c, to, 1)) {
		RETURN_THROWS();
	}
	acq_db_php_promote_cfg(&pc);
	rc = acq_db_switchover_promoting(c, to ? ZSTR_VAL(to) : NULL, reason ? ZSTR_VAL(reason) : "", NULL, NULL, &pc,
		&res, err, sizeof(err));
	if (rc != ACQ_DB_OK) {
		acq_db_php_throw(rc, err);
		RETURN_THROWS();
	}
	acq_db_php_status(return_value);
}

PHP_FUNCTION(acq_db_switchover)
{
	acq_db_php_switchover(INTERNAL_FUNCTION_PARAM_PASSTHRU, "acq_db_switchover");
}

PHP_FUNCTION(acq_db_failover)
{
	acq_db_php_switchover(INTERNAL_FUNCTION_PARAM_PASSTHRU, "acq_db_failover");
}

PHP_FUNCTION(acq_db_rejoin)
{
	char err[ACQ_DB_ERR_MAX];
	zend_string *name;
	acq_db_election_result res;
	acq_db_cache *c;
	acq_db_rc rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	if (!acq_db_operator_allowed("acq_db_rejoin") || !(c = acq_db_php_cache()) || acq_db_reject_unknown(c, name, 1)) {
		RETURN_THROWS();
	}
	rc = acq_db_rejoin(c, ZSTR_VAL(name), &res, err, sizeof(err));
	if (rc != ACQ_DB_OK) {
		acq_db_php_throw(rc, err);
		RETURN_THROWS();
	}
	acq_db_php_status(return_value);
}
