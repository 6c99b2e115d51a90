/*
 * The SQL executor (acq_db_sql.h) of the extension, on mysqlnd's C API: the
 * administrative connections through which the core promotes, demotes and
 * fences servers. These connections bypass acq_db's own routing (they are
 * meant for one particular member, not for the active master) and raise no
 * PHP warning: their failures are findings for the core to report.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/mysqlnd/mysqlnd.h"
#include "ext/mysqlnd/mysqlnd_structs.h"

#include "php_acq_db.h"
#include "failover/acq_db_promote.h"

struct acq_db_sql_conn {
	MYSQLND *m;
};

/* Warnings raised inside mysqlnd are not the PHP caller's. */
typedef struct acq_db_sqlexec_quiet {
	int error_reporting;
	zend_error_handling_t error_handling;
} acq_db_sqlexec_quiet;

static void acq_db_sqlexec_quiet_begin(acq_db_sqlexec_quiet *q)
{
	q->error_reporting = EG(error_reporting);
	q->error_handling = EG(error_handling);
	EG(error_reporting) = 0;
	EG(error_handling) = EH_NORMAL;
}

static void acq_db_sqlexec_quiet_end(const acq_db_sqlexec_quiet *q)
{
	EG(error_reporting) = q->error_reporting;
	EG(error_handling) = q->error_handling;
}

static void acq_db_sqlexec_error(MYSQLND *m, char *err, size_t errlen)
{
	snprintf(err, errlen, "[%u] %s", mysqlnd_errno(m), mysqlnd_error(m));
}

static void acq_db_sqlexec_tls(MYSQLND *m, const acq_db_credentials *cred, unsigned int *flags)
{
	enum mysqlnd_ssl_peer peer = cred->ssl_verify_server_cert ? MYSQLND_SSL_PEER_VERIFY : MYSQLND_SSL_PEER_DEFAULT;

	if (!cred->ssl_ca[0] && !cred->ssl_cert[0] && !cred->ssl_verify_server_cert) {
		return;
	}
	mysqlnd_ssl_set(m, cred->ssl_key[0] ? cred->ssl_key : NULL, cred->ssl_cert[0] ? cred->ssl_cert : NULL,
		cred->ssl_ca[0] ? cred->ssl_ca : NULL, NULL, NULL);
	mysqlnd_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, (const char *) &peer);
	*flags |= CLIENT_SSL;
}

static acq_db_sql_conn *acq_db_sqlexec_connect(void *ctx, const acq_db_server *s, const acq_db_credentials *cred,
	unsigned timeout_ms, char *err, size_t errlen)
{
	unsigned int secs = (timeout_ms + 999) / 1000;
	unsigned int flags = CLIENT_MULTI_RESULTS;
	char bracketed[ACQ_DB_HOST_MAX + 2];
	const char *host = s->socket[0] ? "localhost" : s->host;
	acq_db_sqlexec_quiet q;
	acq_db_sql_conn *conn;
	MYSQLND *m;
	MYSQLND *ok;

	(void) ctx;
	if (acq_db_credentials_check_session(cred, s, err, errlen) != ACQ_DB_OK) {
		return NULL; /* the TLS policy: config/acq_db_optfile.h */
	}
	if (!s->socket[0] && strchr(s->host, ':')) {
		/* mysqlnd builds "tcp://HOST:PORT": an IPv6 literal needs its brackets there */
		snprintf(bracketed, sizeof(bracketed), "[%s]", s->host);
		host = bracketed;
	}
	m = mysqlnd_init(MYSQLND_CLIENT_NO_FLAG, FALSE);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	mysqlnd_options(m, MYSQL_OPT_CONNECT_TIMEOUT, (const char *) &secs);
	mysqlnd_options(m, MYSQL_OPT_READ_TIMEOUT, (const char *) &secs);
	mysqlnd_options(m, MYSQL_OPT_WRITE_TIMEOUT, (const char *) &secs);
	acq_db_sqlexec_tls(m, cred, &flags);
	acq_db_sqlexec_quiet_begin(&q);
	ACQ_DB_G(admin_connecting) = true;
	ok = mysqlnd_connect(m, host, cred->user, cred->password, (unsigned int) strlen(cred->password), NULL, 0,
		s->port, s->socket[0] ? s->socket : NULL, flags, MYSQLND_CLIENT_NO_FLAG);
	ACQ_DB_G(admin_connecting) = false;
	acq_db_sqlexec_quiet_end(&q);
	if (!ok) {
		acq_db_sqlexec_error(m, err, errlen);
		mysqlnd_close(m, MYSQLND_CLOSE_DISCONNECTED);
		return NULL;
	}
	conn = emalloc(sizeof(*conn));
	conn->m = m;
	return conn;
}

/* One fetched row into row: text protocol, so every value is a string or
 * NULL. -1 with err when a value does not fit: never cut. */
static int acq_db_sqlexec_fill_row(const MYSQLND_FIELD *fields, unsigned int n, zval *zrow, acq_db_sql_row *row,
	char *err, size_t errlen)
{
	unsigned int i;

	memset(row, 0, sizeof(*row));
	for (i = 0; i < n && i < ACQ_DB_SQL_MAX_COLS; i++) {
		zval *v = zend_hash_index_find(Z_ARRVAL_P(zrow), i);
		zend_string *str = v && Z_TYPE_P(v) != IS_NULL ? zval_get_string(v) : NULL;
		int fits = !str || acq_db_strlcpy(row->values[i], ZSTR_VAL(str), sizeof(row->values[i])) == 0;

		acq_db_strlcpy(row->names[i], fields[i].name, sizeof(row->names[i]));
		row->is_null[i] = str == NULL;
		if (!fits) {
			snprintf(err, errlen, "[acq_db] column %s holds %zu bytes, more than the %d this client reads: "
				"not cut, refused", fields[i].name, ZSTR_LEN(str), ACQ_DB_SQL_VALUE_MAX - 1);
		}
		if (str) {
			zend_string_release(str);
		}
		if (!fits) {
			row->ncols = 0;
			return -1;
		}
	}
	row->ncols = (int) i;
	return 0;
}

/* Every row of the result to fn (or the first into keep); the number of rows, or -1. */
static int acq_db_sqlexec_rows(MYSQLND_RES *res, acq_db_sql_row_fn fn, void *arg, acq_db_sql_row *keep,
	char *err, size_t errlen)
{
	const MYSQLND_FIELD *fields = mysqlnd_fetch_fields(res);
	unsigned int n = mysqlnd_num_fields(res);
	acq_db_sql_row *row = keep ? keep : emalloc(sizeof(*row));
	int seen = 0;
	int stop = 0;

	while (!stop) {
		zval zrow;

		ZVAL_UNDEF(&zrow);
		mysqlnd_fetch_into(res, MYSQLND_FETCH_NUM, &zrow);
		if (Z_TYPE(zrow) != IS_ARRAY) {
			zval_ptr_dtor(&zrow);
			break;
		}
		if (acq_db_sqlexec_fill_row(fields, n, &zrow, row, err, errlen) != 0) {
			zval_ptr_dtor(&zrow);
			seen = -1;
			break;
		}
		zval_ptr_dtor(&zrow);
		seen++;
		stop = keep ? 1 : fn(arg, row);
	}
	if (!keep) {
		efree(row);
	}
	return seen;
}

/* Runs sql; a result goes row by row to fn, or its first row into keep. */
static int acq_db_sqlexec_run(acq_db_sql_conn *conn, const char *sql, acq_db_sql_row_fn fn, void *arg,
	acq_db_sql_row *keep, char *err, size_t errlen)
{
	acq_db_sqlexec_quiet q;
	MYSQLND_RES *res = NULL;
	int rc = 0;

	if (keep) {
		memset(keep, 0, sizeof(*keep));
	}
	acq_db_sqlexec_quiet_begin(&q);
	if (mysqlnd_query(conn->m, sql, strlen(sql)) != PASS) {
		acq_db_sqlexec_error(conn->m, err, errlen);
		rc = -1;
	} else if (mysqlnd_field_count(conn->m) > 0) {
		res = mysqlnd_store_result(conn->m);
		if (!res) {
			acq_db_sqlexec_error(conn->m, err, errlen);
			rc = -1;
		} else {
			if (keep || fn) {
				rc = acq_db_sqlexec_rows(res, fn, arg, keep, err, errlen);
			}
			mysqlnd_free_result(res, FALSE);
		}
	}
	acq_db_sqlexec_quiet_end(&q);
	return rc;
}

static int acq_db_sqlexec_query(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row,
	char *err, size_t errlen)
{
	(void) ctx;
	return acq_db_sqlexec_run(conn, sql, NULL, NULL, row, err, errlen) < 0 ? -1 : 0;
}

static int acq_db_sqlexec_each(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row_fn fn, void *arg,
	char *err, size_t errlen)
{
	(void) ctx;
	return acq_db_sqlexec_run(conn, sql, fn, arg, NULL, err, errlen);
}

static void acq_db_sqlexec_close(void *ctx, acq_db_sql_conn *conn)
{
	acq_db_sqlexec_quiet q;

	(void) ctx;
	acq_db_sqlexec_quiet_begin(&q);
	mysqlnd_close(conn->m, MYSQLND_CLOSE_EXPLICIT);
	acq_db_sqlexec_quiet_end(&q);
	efree(conn);
}

static const acq_db_sql_ops acq_db_sqlexec_ops = {
	acq_db_sqlexec_connect, acq_db_sqlexec_query, acq_db_sqlexec_close, NULL, acq_db_sqlexec_each
};

void acq_db_php_promote_cfg(acq_db_promote_cfg *pc)
{
	pc->ops = &acq_db_sqlexec_ops;
	pc->cred = &ACQ_DB_G(admin_cred);
	pc->connect_timeout_ms = ACQ_DB_G(config).connect_timeout_ms;
	pc->catchup_timeout_ms = ACQ_DB_G(config).catchup_timeout_ms;
	pc->confirm_window_max_ms = 0; /* the core's default (acq_db_confirm.h) */
}
