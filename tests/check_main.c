/*
 * Runner of the Check suites, one per core module. Exits non-zero when any
 * test fails. CK_RUN_SUITE / CK_RUN_CASE select (Check's own variables);
 * ACQ_DB_CHECK_DIR puts the temp dirs on another file system (GlusterFS);
 * they live in one directory per run, removed at the end, failures or not.
 * Test cases tagged ACQ_FX_KNOWN_BUG show core bugs not fixed yet: they are
 * left out unless CK_INCLUDE_TAGS or CK_EXCLUDE_TAGS says otherwise, so the
 * default run stays a regression gate while the bugs stay one command away.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixtures.h"

Suite *acq_check_servers_suite(void);
Suite *acq_check_efile_suite(void);
Suite *acq_check_lock_suite(void);
Suite *acq_check_cache_suite(void);
Suite *acq_check_election_suite(void);
Suite *acq_check_connerr_suite(void);
Suite *acq_check_poller_suite(void);
Suite *acq_check_optfile_suite(void);
Suite *acq_check_promote_suite(void);
Suite *acq_check_route_suite(void);
Suite *acq_check_inifile_suite(void);
Suite *acq_check_health_suite(void);
Suite *acq_check_log_suite(void);
Suite *acq_check_settings_suite(void);
Suite *acq_check_stmt_suite(void);

/* NULL: let Check read CK_EXCLUDE_TAGS; otherwise leave the known bugs out. */
static const char *acq_check_exclude_tags(void)
{
	if (getenv("CK_EXCLUDE_TAGS") || getenv("CK_INCLUDE_TAGS")) {
		return NULL;
	}
	printf("test cases tagged '%s' (core bugs not fixed yet) are skipped; "
		"CK_INCLUDE_TAGS=%s runs them\n", ACQ_FX_KNOWN_BUG, ACQ_FX_KNOWN_BUG);
	return ACQ_FX_KNOWN_BUG;
}

int main(void)
{
	SRunner *sr = srunner_create(acq_check_servers_suite());
	const char *run_dir = acq_fx_run_dir_create();
	const char *exclude;
	int failed;

	srunner_add_suite(sr, acq_check_efile_suite());
	srunner_add_suite(sr, acq_check_lock_suite());
	srunner_add_suite(sr, acq_check_cache_suite());
	srunner_add_suite(sr, acq_check_election_suite());
	srunner_add_suite(sr, acq_check_connerr_suite());
	srunner_add_suite(sr, acq_check_poller_suite());
	srunner_add_suite(sr, acq_check_optfile_suite());
	srunner_add_suite(sr, acq_check_promote_suite());
	srunner_add_suite(sr, acq_check_route_suite());
	srunner_add_suite(sr, acq_check_inifile_suite());
	srunner_add_suite(sr, acq_check_health_suite());
	srunner_add_suite(sr, acq_check_log_suite());
	srunner_add_suite(sr, acq_check_settings_suite());
	srunner_add_suite(sr, acq_check_stmt_suite());
	if (!run_dir) {
		fprintf(stderr, "cannot create a directory in %s; each test makes its own there\n", acq_fx_base_dir());
	}
	printf("temp dirs under %s\n", run_dir ? run_dir : acq_fx_base_dir());
	exclude = acq_check_exclude_tags();
	fflush(stdout); /* before Check forks a process per test */
	srunner_run_tagged(sr, NULL, NULL, NULL, exclude, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	acq_fx_run_dir_remove();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
