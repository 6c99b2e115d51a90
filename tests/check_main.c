/*
 * Runner of the Check suites, one per core module. Exits non-zero when any
 * test fails. CK_RUN_SUITE / CK_RUN_CASE select (Check's own variables);
 * ACQ_DB_CHECK_DIR puts the temp dirs on another file system (GlusterFS).
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
	int failed;

	srunner_add_suite(sr, acq_check_efile_suite());
	srunner_add_suite(sr, acq_check_lock_suite());
	srunner_add_suite(sr, acq_check_cache_suite());
	srunner_add_suite(sr, acq_check_election_suite());
	srunner_add_suite(sr, acq_check_connerr_suite());
	printf("temp dirs under %s\n", acq_fx_base_dir());
	fflush(stdout); /* before Check forks a process per test */
	srunner_run_tagged(sr, NULL, NULL, NULL, acq_check_exclude_tags(), CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
