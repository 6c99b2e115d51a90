dnl acq_db: application-tier MySQL/MariaDB master failover for PHP web farms.
dnl Sources live in src/core (no PHP headers) and src/php (Zend glue).

PHP_ARG_ENABLE([acq_db],
  [whether to enable acq_db support],
  [AS_HELP_STRING([--enable-acq_db], [Enable acq_db support])],
  [no])

if test "$PHP_ACQ_DB" != "no"; then
  AC_MSG_CHECKING([PHP version])
  if test -z "$PHP_VERSION_ID" && test -n "$PHP_CONFIG"; then
    PHP_VERSION_ID=`$PHP_CONFIG --vernum`
  fi
  if test -n "$PHP_VERSION_ID" && test "$PHP_VERSION_ID" -lt 80100; then
    AC_MSG_ERROR([acq_db needs PHP 8.1 or later, found $PHP_VERSION_ID])
  fi
  AC_MSG_RESULT([$PHP_VERSION_ID])

  AC_CHECK_HEADERS([sys/inotify.h], [], [AC_MSG_ERROR([acq_db needs inotify (Linux)])])

  ACQ_DB_CORE_SOURCES="src/core/acq_db_common.c src/core/acq_db_servers.c src/core/acq_db_efile.c \
    src/core/acq_db_lock.c src/core/acq_db_copy.c src/core/acq_db_page.c src/core/acq_db_poller.c src/core/acq_db_cache.c src/core/acq_db_election.c src/core/acq_db_log.c \
    src/core/acq_db_connerr.c src/core/acq_db_sql.c"
  ACQ_DB_PHP_SOURCES="src/php/acq_db_module.c src/php/acq_db_functions.c src/php/acq_db_mysqlnd.c"

  PHP_NEW_EXTENSION(acq_db, $ACQ_DB_CORE_SOURCES $ACQ_DB_PHP_SOURCES, $ext_shared,,
    -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -Wall)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core)
  PHP_ADD_BUILD_DIR($ext_builddir/src/php)
  PHP_ADD_INCLUDE($ext_srcdir/src/core)
  PHP_ADD_INCLUDE($ext_srcdir/src/php)
  PHP_ADD_INCLUDE($ext_srcdir)
  PHP_ADD_EXTENSION_DEP(acq_db, mysqlnd)
  PHP_ADD_EXTENSION_DEP(acq_db, spl)
fi
