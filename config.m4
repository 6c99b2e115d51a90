dnl acq_db: application-tier MySQL/MariaDB master failover for PHP web farms.
dnl Sources live in src/core/<layer>/ (no PHP headers) and src/php (Zend glue).

PHP_ARG_ENABLE([acq_db],
  [whether to enable acq_db support],
  [AS_HELP_STRING([--enable-acq_db], [Enable acq_db support])],
  [no])

PHP_ARG_ENABLE([acq_db-dev],
  [whether to build acq_db with its developer warnings],
  [AS_HELP_STRING([--enable-acq_db-dev],
    [acq_db: compile with -Wall -Wextra -Werror (its own test command does)])],
  [no], [no])

PHP_ARG_ENABLE([acq_db-untested-php],
  [whether to build acq_db for a PHP version it was not tested with],
  [AS_HELP_STRING([--enable-acq_db-untested-php],
    [acq_db: build for PHP 8.5 or later anyway (not tested)])],
  [no], [no])

if test "$PHP_ACQ_DB" != "no"; then
  dnl Two-sided gate. Tested: PHP 8.2 (Debian 12) and 8.4 (Debian 13); 8.1
  dnl and 8.3 lie between and use the same mysqlnd plugin API. Below 8.1 the
  dnl Zend API the glue uses is missing. From 8.5 on it is refused unless
  dnl forced: the mysqlnd plugin replaces methods in mysqlnd's internal
  dnl method tables, whose layout may change in any minor release without
  dnl notice, and such a build could compile yet route connects wrongly.
  AC_MSG_CHECKING([PHP version])
  if test -z "$PHP_VERSION_ID" && test -n "$PHP_CONFIG"; then
    PHP_VERSION_ID=`$PHP_CONFIG --vernum`
  fi
  if test -z "$PHP_VERSION_ID"; then
    AC_MSG_ERROR([cannot tell the PHP version (php-config --vernum gave nothing)])
  fi
  if test "$PHP_VERSION_ID" -lt 80100; then
    AC_MSG_ERROR([acq_db needs PHP 8.1 to 8.4 (tested: 8.2, 8.4), found $PHP_VERSION_ID])
  fi
  if test "$PHP_VERSION_ID" -ge 80500; then
    if test "$PHP_ACQ_DB_UNTESTED_PHP" = "no"; then
      AC_MSG_ERROR([acq_db is tested with PHP 8.2 and 8.4 and builds for 8.1 to 8.4; found $PHP_VERSION_ID. --enable-acq_db-untested-php builds it anyway (then run its test suite first)])
    fi
    AC_MSG_WARN([building acq_db for untested PHP $PHP_VERSION_ID])
  fi
  AC_MSG_RESULT([$PHP_VERSION_ID])

  ACQ_DB_CFLAGS="-Wall"
  if test "$PHP_ACQ_DB_DEV" != "no"; then
    dnl like xdebug's --enable-xdebug-dev: the extension held to the warning
    dnl level of the CLI and the Check binary; -Wno-unused-parameter because
    dnl the Zend function macros (PHP_MINIT_FUNCTION, ...) declare parameters
    dnl every such function must take (xdebug does the same)
    ACQ_DB_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter"
  fi

  dnl the node's reader sleeps on an inotify watch of the election file's
  dnl directory and an eventfd (src/core/node/acq_db_poller.c)
  AC_CHECK_HEADERS([sys/inotify.h sys/eventfd.h], [], [AC_MSG_ERROR([acq_db needs inotify and eventfd (Linux)])])

  dnl One list per folder of src/core, bottom layer first (docs/design.md,
  dnl "The layers"). src/core/admin/ is the operator tool's alone: nothing in
  dnl the extension calls it, so it is not linked into acq_db.so
  dnl (tests/check-layers.sh fails when a source file is in no list).
  ACQ_DB_LIB="src/core/lib/acq_db_common.c src/core/lib/acq_db_log.c"
  ACQ_DB_CONFIG="src/core/config/acq_db_servers.c src/core/config/acq_db_optfile.c \
    src/core/config/acq_db_settings.c"
  ACQ_DB_STORE="src/core/store/acq_db_efile.c src/core/store/acq_db_lock.c src/core/store/acq_db_copy.c"
  ACQ_DB_SQL="src/core/sql/acq_db_sql.c src/core/sql/acq_db_gtid.c"
  ACQ_DB_NODE="src/core/node/acq_db_page.c src/core/node/acq_db_poller.c src/core/node/acq_db_cache.c"
  ACQ_DB_FAILOVER="src/core/failover/acq_db_connerr.c src/core/failover/acq_db_route.c \
    src/core/failover/acq_db_election.c src/core/failover/acq_db_promote.c src/core/failover/acq_db_stmt.c \
    src/core/failover/acq_db_confirm.c"
  ACQ_DB_PHP="src/php/acq_db_module.c src/php/acq_db_ini.c src/php/acq_db_functions.c src/php/acq_db_mysqlnd.c \
    src/php/acq_db_sqlexec.c"

  PHP_NEW_EXTENSION(acq_db,
    $ACQ_DB_LIB $ACQ_DB_CONFIG $ACQ_DB_STORE $ACQ_DB_SQL $ACQ_DB_NODE $ACQ_DB_FAILOVER $ACQ_DB_PHP,
    $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 $ACQ_DB_CFLAGS)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/lib)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/config)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/store)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/sql)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/node)
  PHP_ADD_BUILD_DIR($ext_builddir/src/core/failover)
  PHP_ADD_BUILD_DIR($ext_builddir/src/php)
  PHP_ADD_INCLUDE($ext_srcdir/src/core)
  PHP_ADD_INCLUDE($ext_srcdir/src/php)
  PHP_ADD_INCLUDE($ext_srcdir)
  PHP_ADD_EXTENSION_DEP(acq_db, mysqlnd)
  PHP_ADD_EXTENSION_DEP(acq_db, spl)
  dnl `make test` runs the .phpt suite of php_tests/ (Makefile.frag)
  PHP_ADD_MAKEFILE_FRAGMENT
fi
