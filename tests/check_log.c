/*
 * The log line: whatever a message carries (server text such as
 * Last_SQL_Error holds row data), every "acq_db:" line reaches the sink as
 * one line without control bytes.
 */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

static int has_control(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char) *s < 0x20 || *s == 0x7f) {
			return 1;
		}
	}
	return 0;
}

/* Issue 18 §4: a row value with a line break in Last_SQL_Error forged a
 * second "acq_db:" line in the log; an ANSI escape repainted a terminal. */
START_TEST(server_text_cannot_break_or_forge_a_line)
{
	const char *server = "Duplicate entry 'x\nacq_db: elected db9 at epoch 99\r\x1b[2J' for key 'PRIMARY'\t\x7f";

	acq_db_log(ACQ_DB_LOG_WARNING, "replica db2 stopped: %s", server);
	ck_assert_int_eq(acq_fx_log_count(), 1);
	ck_assert_msg(!has_control(acq_fx_log_last()), "control byte in: %s", acq_fx_log_last());
	ck_assert_str_eq(acq_fx_log_last(), "acq_db: replica db2 stopped: Duplicate entry 'x\\x0aacq_db: elected db9 at "
		"epoch 99\\x0d\\x1b[2J' for key 'PRIMARY'\\x09\\x7f");
}
END_TEST

START_TEST(escape_helper_keeps_text_and_bounds)
{
	char out[16];

	ck_assert_uint_eq(acq_db_log_escape(out, sizeof(out), "caf\xc3\xa9 ok"), 8);
	ck_assert_str_eq(out, "caf\xc3\xa9 ok"); /* UTF-8 passes */
	acq_db_log_escape(out, sizeof(out), "\n\n\n\n");
	ck_assert_str_eq(out, "\\x0a\\x0a\\x0a"); /* never half an escape */
	acq_db_log_escape(out, 1, "abc");
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *acq_check_log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("line");

	tcase_add_checked_fixture(tc, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(tc, server_text_cannot_break_or_forge_a_line);
	tcase_add_test(tc, escape_helper_keeps_text_and_bounds);
	suite_add_tcase(s, tc);
	return s;
}
