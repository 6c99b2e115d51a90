/*
 * Which connect errors start an election (connection level) and which go
 * back to the caller unchanged.
 */
#include "fixtures.h"
#include "acq_db_connerr.h"

START_TEST(connection_level_errors_elect)
{
	unsigned int codes[] = { 2002, 2003, 2005, 2006, 2013, 1053 };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert_msg(acq_db_connerr_is_connection_level(codes[i], "Connection refused"), "%u", codes[i]);
	}
}
END_TEST

START_TEST(server_side_refusals_do_not_elect)
{
	unsigned int codes[] = { 1045, 1049, 1040, 1044, 2026, 0 };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert_msg(!acq_db_connerr_is_connection_level(codes[i], "x"), "%u", codes[i]);
	}
}
END_TEST

START_TEST(tls_failures_reported_as_2002_do_not_elect)
{
	ck_assert(!acq_db_connerr_is_connection_level(2002, "Cannot connect to MySQL using SSL"));
	ck_assert(!acq_db_connerr_is_connection_level(2002, "SSL operation failed: certificate verify failed"));
	ck_assert(!acq_db_connerr_is_connection_level(2002, "Failed to enable crypto"));
	ck_assert(acq_db_connerr_is_connection_level(2002, NULL));
}
END_TEST

Suite *acq_check_connerr_suite(void)
{
	Suite *s = suite_create("connerr");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, connection_level_errors_elect);
	tcase_add_test(tc, server_side_refusals_do_not_elect);
	tcase_add_test(tc, tls_failures_reported_as_2002_do_not_elect);
	suite_add_tcase(s, tc);
	return s;
}
