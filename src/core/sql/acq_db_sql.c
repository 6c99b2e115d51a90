/*
 * Helpers shared by every implementation of the SQL-executor interface
 * (acq_db_sql.h): reading a result row by column name.
 */
#include "sql/acq_db_sql.h"

#include <strings.h>

const char *acq_db_sql_row_get(const acq_db_sql_row *row, const char *name)
{
	int i;

	for (i = 0; i < row->ncols; i++) {
		/* column names compare case-insensitively, as MySQL's do */
		if (strcasecmp(row->names[i], name) == 0) {
			return row->values[i];
		}
	}
	return NULL;
}
