/*
 * The SQL-executor interface through which the core's promotion, fencing and
 * health policy talks to servers. The core decides what to run and in which
 * order; each consumer supplies the client: the extension with mysqlnd, the
 * operator CLI with libmysqlclient, the Check suite with a scripted fake. Every
 * call is bounded by the timeout it is given: an unreachable server is a
 * finding, never a hang.
 */
#ifndef ACQ_DB_SQL_H
#define ACQ_DB_SQL_H

#include "lib/acq_db_common.h"
#include "config/acq_db_optfile.h"
#include "config/acq_db_servers.h"

#define ACQ_DB_SQL_MAX_COLS 64
#define ACQ_DB_SQL_VALUE_MAX 1024

/* One result row by column name. A NULL value is is_null = 1, value "". */
typedef struct acq_db_sql_row {
	int ncols;
	char names[ACQ_DB_SQL_MAX_COLS][64];
	char values[ACQ_DB_SQL_MAX_COLS][ACQ_DB_SQL_VALUE_MAX];
	int is_null[ACQ_DB_SQL_MAX_COLS];
} acq_db_sql_row;

typedef struct acq_db_sql_conn acq_db_sql_conn; /* the consumer's own handle */

/* Called once per result row; returns 0 to go on, non-zero to stop. */
typedef int (*acq_db_sql_row_fn)(void *arg, const acq_db_sql_row *row);

typedef struct acq_db_sql_ops {
	/* Connects to s with cred within timeout_ms (connect, and every later
	 * read and write on the connection). NULL and err filled on failure. */
	acq_db_sql_conn *(*connect)(void *ctx, const acq_db_server *s, const acq_db_credentials *cred,
		unsigned timeout_ms, char *err, size_t errlen);
	/* Runs sql. If row is not NULL, the first row of the result is stored
	 * there (ncols = 0 when the result is empty or there is none). Returns 0
	 * or -1 with err filled ("[errno] message"). A value longer than
	 * ACQ_DB_SQL_VALUE_MAX - 1 bytes is an error, never cut. */
	int (*query)(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row, char *err, size_t errlen);
	void (*close)(void *ctx, acq_db_sql_conn *conn);
	void *ctx;
	/* Optional (NULL: first rows only): runs sql and calls fn for every row
	 * of its result. The number of rows seen, or -1 with err filled (also
	 * for a value that does not fit). */
	int (*each)(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row_fn fn, void *arg,
		char *err, size_t errlen);
} acq_db_sql_ops;

/* The value of column name in row, or NULL if there is no such column. */
const char *acq_db_sql_row_get(const acq_db_sql_row *row, const char *name);

#endif
