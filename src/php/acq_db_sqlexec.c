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
	const char *host = s->socket[0] ? "localhost" : s->host;
	acq_db_sqlexec_quiet q;
	acq_db_sql_conn *conn;
	MYSQLND *m;
	MYSQLND *ok;

	(void) ctx;
	if (acq_db_credentials_check_session(cred, s, err, errlen) != ACQ_DB_OK) {
		return NULL; /* the TLS policy: config/acq_db_optfile.h */
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

/* The first row of the result into row: text protocol, so every value is
 * a string or NULL. */
static void acq_db_sqlexec_first_row(MYSQLND_RES *res, acq_db_sql_row *row)
{
	const MYSQLND_FIELD *fields = mysqlnd_fetch_fields(res);
	unsigned int n = mysqlnd_num_fields(res);
	unsigned int i;
	zval zrow;

	ZVAL_UNDEF(&zrow);
	mysqlnd_fetch_into(res, MYSQLND_FETCH_NUM, &zrow);
	if (Z_TYPE(zrow) != IS_ARRAY) {
		zval_ptr_dtor(&zrow);
		return;
	}
	for (i = 0; i < n && i < ACQ_DB_SQL_MAX_COLS; i++) {
		zval *v = zend_hash_index_find(Z_ARRVAL(zrow), i);
		acq_db_strlcpy(row->names[i], fields[i].name, sizeof(row->names[i]));
		row->is_null[i] = !v || Z_TYPE_P(v) == IS_NULL;
		if (v && Z_TYPE_P(v) == IS_STRING) {
			acq_db_strlcpy(row->values[i], Z_STRVAL_P(v), sizeof(row->values[i]));
		} else if (v && Z_TYPE_P(v) != IS_NULL) {
			zend_string *str = zval_get_string(v);
			acq_db_strlcpy(row->values[i], ZSTR_VAL(str), sizeof(row->values[i]));
			zend_string_release(str);
		}
	}
	row->ncols = (int) i;
	zval_ptr_dtor(&zrow);
}

static int acq_db_sqlexec_query(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row,
	char *err, size_t errlen)
{
	acq_db_sqlexec_quiet q;
	MYSQLND_RES *res = NULL;
	int rc = 0;

	(void) ctx;
	if (row) {
		memset(row, 0, sizeof(*row));
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
			if (row) {
				acq_db_sqlexec_first_row(res, row);
			}
			mysqlnd_free_result(res, FALSE);
		}
	}
	acq_db_sqlexec_quiet_end(&q);
	return rc;
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
	acq_db_sqlexec_connect, acq_db_sqlexec_query, acq_db_sqlexec_close, NULL
};

void acq_db_php_promote_cfg(acq_db_promote_cfg *pc)
{
	pc->ops = &acq_db_sqlexec_ops;
	pc->cred = &ACQ_DB_G(admin_cred);
	pc->connect_timeout_ms = ACQ_DB_G(config).connect_timeout_ms;
	pc->catchup_timeout_ms = ACQ_DB_G(config).catchup_timeout_ms;
}
