/*
 * Which connect errors start an election (connection level) and which go
 * back to the caller unchanged.
 */
#include "fixtures.h"
#include "failover/acq_db_connerr.h"

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
	ck_assert(acq_db_connerr_is_connection_level(2002, NULL));
}
END_TEST

/* Bug 4: the TLS test was a substring match over the whole message, which
 * names the host: a dead master whose name or address text contains "ssl",
 * "TLS" or "crypt" was taken for a TLS failure and did not fail over. */
START_TEST(host_names_do_not_look_like_tls)
{
	ck_assert(acq_db_connerr_is_connection_level(2002,
		"Can't connect to MySQL server on 'cryptodb.example' (111)"));
	ck_assert(acq_db_connerr_is_connection_level(2002,
		"[2002] Connection refused (trying to connect via tcp://db-ssl1.example:3306)"));
	ck_assert(acq_db_connerr_is_connection_level(2003,
		"Can't connect to MySQL server on 'TLS-DB' (113)"));
	ck_assert(acq_db_connerr_is_connection_level(2005,
		"php_network_getaddresses: getaddrinfo for certificate-db.example failed: Name or service not known"));
	ck_assert(acq_db_connerr_is_connection_level(2002,
		"No such file or directory (unix:/run/mysqld/ssl.sock)"));
}
END_TEST

START_TEST(mysqlnd_tls_texts_and_codes_do_not_elect)
{
	/* mysqlnd's own text when the TLS handshake or verification fails */
	ck_assert(!acq_db_connerr_is_connection_level(2002, "Cannot connect to MySQL using SSL"));
	/* libmysqlclient / MariaDB Connector/C: CR_SSL_CONNECTION_ERROR */
	ck_assert(!acq_db_connerr_is_connection_level(2026, "SSL connection error: unknown error number"));
	ck_assert(acq_db_connerr_is_tls(2026, NULL));
	ck_assert(acq_db_connerr_is_tls(2002, "Cannot connect to MySQL using SSL"));
	ck_assert(!acq_db_connerr_is_tls(2002, "Connection refused (tcp://ssl.example:3306)"));
	ck_assert(!acq_db_connerr_is_tls(2003, "Cannot connect to MySQL using SSL"));
	ck_assert(!acq_db_connerr_is_tls(2002, NULL));
}
END_TEST

/* The connect path hands the classifier "[2002] <mysqlnd's text>": the
 * prefix must not hide a TLS failure (found when the strict classifier met
 * the connect-path policy: a TLS failure then failed over). */
START_TEST(tls_text_behind_the_connect_paths_code_prefix)
{
	ck_assert_int_eq(acq_db_connerr_is_connection_level(2002, "[2002] Cannot connect to MySQL using SSL"), 0);
	ck_assert_int_eq(acq_db_connerr_is_connection_level(2002, "[2002] Connection refused"), 1);
	ck_assert_int_eq(acq_db_connerr_is_connection_level(2002, "[2002 Cannot connect to MySQL using SSL"), 1);
}
END_TEST

Suite *acq_check_connerr_suite(void)
{
	Suite *s = suite_create("connerr");
	TCase *tc = tcase_create("classify");
	TCase *bug = tcase_create("tls_by_code_and_text");

	tcase_add_test(tc, connection_level_errors_elect);
	tcase_add_test(tc, server_side_refusals_do_not_elect);
	tcase_add_test(tc, tls_failures_reported_as_2002_do_not_elect);
	suite_add_tcase(s, tc);
	tcase_add_test(bug, host_names_do_not_look_like_tls);
	tcase_add_test(bug, mysqlnd_tls_texts_and_codes_do_not_elect);
	tcase_add_test(bug, tls_text_behind_the_connect_paths_code_prefix);
	suite_add_tcase(s, bug);
	return s;
}
