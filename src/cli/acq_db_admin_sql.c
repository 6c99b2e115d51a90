/*
 * acq_db_sql_ops on libmysqlclient for acq-db-admin. Every connection gets
 * the same bound for its connect, reads and writes (MYSQL_OPT_CONNECT_TIMEOUT,
 * MYSQL_OPT_READ_TIMEOUT, MYSQL_OPT_WRITE_TIMEOUT), so a frozen or unreachable
 * server is reported as a finding instead of hanging the operator's console.
 * Passwords only ever go to mysql_real_connect; errors carry the client's
 * errno and message, never the credentials.
 */
#include "acq_db_admin_sql.h"
#include "lib/acq_db_log.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct acq_db_sql_conn {
	MYSQL *mysql;
};

/* libmysqlclient counts its timeouts in whole seconds: round up, never 0
 * (0 would mean "no timeout"). */
static unsigned int acq_db_admin_timeout_secs(unsigned timeout_ms)
{
	unsigned int secs = (timeout_ms + 999) / 1000;

	return secs ? secs : 1;
}

/* The server's message, escaped (acq_db_log_escape): it is printed on the
 * operator's terminal and in monitoring output, and a server (or an
 * impostor) chooses its bytes. */
static void acq_db_admin_sql_error(MYSQL *mysql, char *err, size_t errlen)
{
	char raw[ACQ_DB_ERR_MAX];

	if (err && errlen) {
		snprintf(raw, sizeof(raw), "[%u] %s", mysql_errno(mysql), mysql_error(mysql));
		acq_db_log_escape(err, errlen, raw);
	}
}

/* The credentials' TLS files through mysql_options, which MariaDB
 * Connector/C and MySQL's client both have (MySQL 8.3 dropped
 * mysql_ssl_set); host-name checking is spelled differently by the two. */
static void acq_db_admin_set_tls(MYSQL *mysql, const acq_db_credentials *cred)
{
	if (cred->ssl_ca[0]) {
		mysql_options(mysql, MYSQL_OPT_SSL_CA, cred->ssl_ca);
	}
	if (cred->ssl_cert[0]) {
		mysql_options(mysql, MYSQL_OPT_SSL_CERT, cred->ssl_cert);
	}
	if (cred->ssl_key[0]) {
		mysql_options(mysql, MYSQL_OPT_SSL_KEY, cred->ssl_key);
	}
	if (cred->ssl_verify_server_cert) {
#ifdef MARIADB_PACKAGE_VERSION
		char on = 1; /* my_bool */

		mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
#else
		unsigned int mode = SSL_MODE_VERIFY_IDENTITY;

		mysql_options(mysql, MYSQL_OPT_SSL_MODE, &mode);
#endif
	}
}

static acq_db_sql_conn *acq_db_admin_connect(void *ctx, const acq_db_server *s, const acq_db_credentials *cred,
	unsigned timeout_ms, char *err, size_t errlen)
{
	unsigned int secs = acq_db_admin_timeout_secs(timeout_ms);
	unsigned int tcp = MYSQL_PROTOCOL_TCP;
	unsigned int sock = MYSQL_PROTOCOL_SOCKET;
	acq_db_sql_conn *conn;
	MYSQL *mysql;

	(void) ctx;
	if (acq_db_credentials_check_session(cred, s, err, errlen) != ACQ_DB_OK) {
		return NULL; /* the TLS policy: config/acq_db_optfile.h */
	}
	mysql = mysql_init(NULL);
	if (!mysql) {
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "out of memory in mysql_init");
		return NULL;
	}
	mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &secs);
	mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &secs);
	mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &secs);
	/* "localhost" would silently mean the default socket: say which one */
	mysql_options(mysql, MYSQL_OPT_PROTOCOL, s->socket[0] ? &sock : &tcp);
	/* no MYSQL_READ_DEFAULT_FILE: the credentials file is the only source,
	 * an operator's ~/.my.cnf never changes what the tool connects as */
	acq_db_admin_set_tls(mysql, cred);
	if (!mysql_real_connect(mysql, s->socket[0] ? "localhost" : s->host, cred->user, cred->password, NULL,
			s->socket[0] ? 0 : s->port, s->socket[0] ? s->socket : NULL, 0)) {
		acq_db_admin_sql_error(mysql, err, errlen);
		mysql_close(mysql);
		return NULL;
	}
	conn = calloc(1, sizeof(*conn));
	if (!conn) {
		mysql_close(mysql);
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "out of memory");
		return NULL;
	}
	conn->mysql = mysql;
	return conn;
}

/* Copies one fetched row into the interface's by-name row; -1 with err
 * when a value does not fit (a cut GTID set or id list would be wrong, not
 * short). */
static int acq_db_admin_fill_row(MYSQL_RES *res, MYSQL_ROW r, acq_db_sql_row *row, char *err, size_t errlen)
{
	unsigned int n = mysql_num_fields(res);
	MYSQL_FIELD *fields = mysql_fetch_fields(res);
	unsigned long *lengths = mysql_fetch_lengths(res);
	unsigned int i;

	if (n > ACQ_DB_SQL_MAX_COLS) {
		n = ACQ_DB_SQL_MAX_COLS; /* SHOW SLAVE STATUS has ~60; the rest are not read */
	}
	row->ncols = (int) n;
	for (i = 0; i < n; i++) {
		size_t len = r[i] ? lengths[i] : 0;

		acq_db_strlcpy(row->names[i], fields[i].name, sizeof(row->names[i]));
		if (len >= ACQ_DB_SQL_VALUE_MAX) {
			snprintf(err, errlen, "[acq_db] column %s holds %zu bytes, more than the %d this client reads: "
				"not cut, refused", fields[i].name, len, ACQ_DB_SQL_VALUE_MAX - 1);
			row->ncols = 0;
			return -1;
		}
		if (len) {
			memcpy(row->values[i], r[i], len);
		}
		row->values[i][len] = '\0';
		row->is_null[i] = r[i] == NULL;
	}
	return 0;
}

int acq_db_admin_sql_each(acq_db_sql_conn *conn, const char *sql, acq_db_admin_row_fn fn, void *arg,
	char *err, size_t errlen)
{
	static acq_db_sql_row row; /* 70 kB: not on the stack; the tool is single-threaded */
	MYSQL_RES *res;
	MYSQL_ROW r;
	int seen = 0;
	int stop = 0;

	if (mysql_query(conn->mysql, sql) != 0) {
		acq_db_admin_sql_error(conn->mysql, err, errlen);
		return -1;
	}
	res = mysql_store_result(conn->mysql);
	if (!res) {
		if (mysql_field_count(conn->mysql) != 0) {
			acq_db_admin_sql_error(conn->mysql, err, errlen);
			return -1;
		}
		return 0; /* a statement without a result set */
	}
	while (!stop && (r = mysql_fetch_row(res)) != NULL) {
		if (acq_db_admin_fill_row(res, r, &row, err, errlen) != 0) {
			mysql_free_result(res);
			return -1;
		}
		seen++;
		stop = fn ? fn(arg, &row) : 0;
	}
	mysql_free_result(res);
	return seen;
}

static int acq_db_admin_keep_first(void *arg, const acq_db_sql_row *row)
{
	memcpy(arg, row, sizeof(*row));
	return 1;
}

static int acq_db_admin_query(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row,
	char *err, size_t errlen)
{
	(void) ctx;
	if (row) {
		row->ncols = 0;
	}
	return acq_db_admin_sql_each(conn, sql, row ? acq_db_admin_keep_first : NULL, row, err, errlen) < 0 ? -1 : 0;
}

static int acq_db_admin_each(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row_fn fn, void *arg,
	char *err, size_t errlen)
{
	(void) ctx;
	return acq_db_admin_sql_each(conn, sql, fn, arg, err, errlen);
}

static void acq_db_admin_close(void *ctx, acq_db_sql_conn *conn)
{
	(void) ctx;
	if (conn) {
		mysql_close(conn->mysql);
		free(conn);
	}
}

const char *acq_db_admin_sql_version(acq_db_sql_conn *conn)
{
	return mysql_get_server_info(conn->mysql);
}

const acq_db_sql_ops *acq_db_admin_sql_ops(void)
{
	static const acq_db_sql_ops ops = {
		acq_db_admin_connect, acq_db_admin_query, acq_db_admin_close, NULL, acq_db_admin_each
	};

	return &ops;
}
