/*
 * Runner of the Check suites, one per core module. Exits non-zero when any
 * test fails. CK_RUN_SUITE / CK_RUN_CASE select (Check's own variables);
 * ACQ_DB_CHECK_DIR puts the temp dirs on another file system (GlusterFS).
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
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
