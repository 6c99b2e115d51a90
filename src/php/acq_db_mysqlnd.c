/*
 * mysqlnd plugin: routes connects aimed at a cluster member (or the alias) to
 * the active master and fails over inside the connect call. Filled in by the
 * connect-path issue; for now it only registers nothing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_acq_db.h"

void acq_db_mysqlnd_minit(void)
{
}
