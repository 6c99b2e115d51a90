/*
 * The operator tool's implementation of the core's SQL-executor interface
 * (acq_db_sql.h), on libmysqlclient (MariaDB Connector/C or MySQL's client).
 * Only acq-db-admin links it; the extension keeps mysqlnd. Besides the
 * interface's first-row query it offers a per-row walk for the few results
 * the tool reads whole (SHOW ALL SLAVES STATUS on a multi-source replica).
 */
#ifndef ACQ_DB_ADMIN_SQL_H
#define ACQ_DB_ADMIN_SQL_H

#include "sql/acq_db_sql.h"

/* The ops table; its ctx is unused (NULL). */
const acq_db_sql_ops *acq_db_admin_sql_ops(void);

/* Called once per result row; returns 0 to go on, non-zero to stop. */
typedef acq_db_sql_row_fn acq_db_admin_row_fn;

/* Runs sql on conn and calls fn for every row of its result. Returns the
 * number of rows seen, or -1 with err filled ("[errno] message"; a value
 * longer than ACQ_DB_SQL_VALUE_MAX - 1 bytes is an error, never cut). */
int acq_db_admin_sql_each(acq_db_sql_conn *conn, const char *sql, acq_db_admin_row_fn fn, void *arg,
	char *err, size_t errlen);

/* The server's version string ("10.11.6-MariaDB-0+deb12u1"). */
const char *acq_db_admin_sql_version(acq_db_sql_conn *conn);

#endif
