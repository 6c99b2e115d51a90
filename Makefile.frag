# Appended to the Makefile that phpize and configure write (config.m4:
# PHP_ADD_MAKEFILE_FRAGMENT), as xdebug's Makefile.frag is. Its `test:`
# replaces PHP's own, which would hand run-tests.php this repository's tests/
# (the Check suites' C sources, no .phpt) and an extension_dir where the
# shared mysqlnd that acq_db requires cannot be found. `make test` runs the
# .phpt suite in php_tests/ instead, through tests/run-phpt.sh, against the
# module just built; make test TESTS="php_tests/ini php_tests/status" runs
# some of it. (make prints that this recipe overrides PHP's: that is the point.)
# The rest of the test command (Check, CLI, integration) is tests/run-all.sh.
test: all
	@TEST_PHP_EXECUTABLE="$(PHP_EXECUTABLE)" ACQ_DB_SO="$(phplibdir)/acq_db.so" \
		$(top_srcdir)/tests/run-phpt.sh $(TESTS)
